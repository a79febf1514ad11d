import { randomUUID } from 'node:crypto';
import { useHarness, waitForMessage } from '@omni/testing';
import { auth, paid, refunded, resolvedEvent, startCrm } from './support/crm-harness';

type Profile = {
  tier: string;
  benefits: { pointsMultiplierPercent: number; earlyAccess: boolean };
  tierChanges: { previousTier: string | null; tier: string; reason: string }[];
};

type TierEvent = {
  type: string;
  customerId: string;
  payload: {
    previousTier?: string;
    tier: string;
    reason: string;
    benefits?: Record<string, unknown>;
  };
};

// Default score: tier-qualifying points + 100 per paid order + 20 per engagement event in 365 days;
// Silver from 2,000, Gold from 8,000, Diamond from 25,000.
describe('tiers', () => {
  const crm = useHarness(startCrm);

  const profile = async (customerId: string) =>
    (
      await crm.app.inject({ method: 'GET', url: `/v1/customers/${customerId}`, headers: auth })
    ).json() as Profile;
  const assess = () =>
    crm.app.inject({ method: 'POST', url: '/v1/tiers/assessments', headers: auth });

  it('upgrades at once on the qualifying order and publishes the change with the tier’s benefits', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 150_000, '2026-10-01T10:00:00Z'));
    expect((await profile(customerId)).tier).toBe('regular');
    await crm.apply(paid(customerId, 'o2', 50_000, '2026-10-02T10:00:00Z'));
    const after = await profile(customerId);
    expect(after.tier).toBe('silver');
    expect(after.tierChanges.map((c) => [c.previousTier, c.tier, c.reason])).toEqual([
      [null, 'regular', 'qualifying-activity'],
      ['regular', 'silver', 'qualifying-activity'],
    ]);
    const event = await waitForMessage<TierEvent>(
      crm.topics.customerChanges,
      ({ value }) =>
        value.type === 'customer.tier-changed' &&
        value.customerId === customerId &&
        value.payload.tier === 'silver',
    );
    expect(event.value.payload).toEqual({
      previousTier: 'regular',
      tier: 'silver',
      reason: 'qualifying-activity',
      benefits: {
        pointsMultiplierPercent: 100,
        memberDiscount: true,
        birthdayGift: false,
        earlyAccess: false,
        priorityService: true,
      },
    });
  });

  it('an upgrade goes straight to the tier qualified for, and Gold earns faster', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 1_000_000, '2026-10-01T10:00:00Z'));
    expect((await profile(customerId)).tier).toBe('gold');
    await crm.apply(paid(customerId, 'o2', 100_000, '2026-10-03T10:00:00Z'));
    const points = (
      await crm.app.inject({
        method: 'GET',
        url: `/v1/customers/${customerId}/points`,
        headers: auth,
      })
    ).json() as { lots: { orderId: string; earned: number }[] };
    expect(points.lots.find((lot) => lot.orderId === 'o2')?.earned).toBe(1_250);
  });

  it('downgrades only at an assessment, one tier at a time', async () => {
    const customerId = `cus-${randomUUID()}`;
    // Diamond at the time; nothing in the last 365 days now.
    await crm.apply(paid(customerId, 'o1', 3_000_000, '2025-01-10T10:00:00Z'));
    expect((await profile(customerId)).tier).toBe('diamond');
    // Activity that no longer qualifies does not downgrade.
    await crm.apply(
      resolvedEvent('store.visited', customerId, { occurredAt: '2026-11-20T10:00:00Z' }),
    );
    expect((await profile(customerId)).tier).toBe('diamond');
    expect((await assess()).statusCode).toBe(200);
    expect((await profile(customerId)).tier).toBe('gold');
    await assess();
    expect((await profile(customerId)).tier).toBe('silver');
    await assess();
    await assess();
    const after = await profile(customerId);
    expect(after.tier).toBe('regular');
    expect(
      after.tierChanges
        .filter((c) => c.reason === 'assessment')
        .map((c) => [c.previousTier, c.tier]),
    ).toEqual([
      ['diamond', 'gold'],
      ['gold', 'silver'],
      ['silver', 'regular'],
    ]);
  });

  it('an assessment leaves a customer who still qualifies where they are', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 250_000, new Date(Date.now() - 86_400_000)));
    expect((await profile(customerId)).tier).toBe('silver');
    await assess();
    const after = await profile(customerId);
    expect(after.tier).toBe('silver');
    expect(after.tierChanges.filter((c) => c.reason === 'assessment')).toEqual([]);
  });

  it('a refund takes back its share of the tier-qualifying points, and a cancellation the rest', async () => {
    const customerId = `cus-${randomUUID()}`;
    const recently = new Date(Date.now() - 86_400_000);
    await crm.apply(paid(customerId, 'o1', 100_000, recently));
    const qualifying = async () =>
      (
        (
          await crm.app.inject({ method: 'GET', url: `/v1/customers/${customerId}`, headers: auth })
        ).json() as {
          points: { tierQualifying: number };
        }
      ).points.tierQualifying;
    expect(await qualifying()).toBe(1_000);
    await crm.apply(refunded(customerId, 'o1', 40_000, recently));
    expect(await qualifying()).toBe(600);
    await crm.apply(
      resolvedEvent('order.cancelled', customerId, {
        occurredAt: recently,
        payload: { orderId: 'o1' },
      }),
    );
    expect(await qualifying()).toBe(0);
  });

  it('the assessment endpoint needs the admin token', async () => {
    const response = await crm.app.inject({ method: 'POST', url: '/v1/tiers/assessments' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('invalid_admin_token');
  });
});
