import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import { auth, pollUntil, paid, startCrm } from './support/crm-harness';

type Profile = {
  tier: string;
  tierChanges: { previousTier: string | null; tier: string; reason: string }[];
};
type Points = { balance: number; entries: { entryType: string; delta: number }[] };

describe('scheduled expiry and assessment', () => {
  const crm = useHarness(() =>
    startCrm({
      CRM_POINTS_EXPIRY_INTERVAL_MS: '200',
      CRM_TIER_ASSESSMENT_INTERVAL_MS: '200',
    }),
  );

  const get = async <T>(url: string) =>
    (await crm.app.inject({ method: 'GET', url, headers: auth })).json() as T;

  it('the schedule writes expired lots off and moves a lapsed Diamond down one tier per assessment to Regular', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 3_000_000, '2025-01-10T10:00:00Z'));
    const points = await pollUntil(
      () => get<Points>(`/v1/customers/${customerId}/points`),
      (p) => p.balance === 0,
    );
    expect(points.entries.filter((e) => e.entryType === 'expire')).toEqual([
      expect.objectContaining({ delta: -30_000 }),
    ]);
    const profile = await pollUntil(
      () => get<Profile>(`/v1/customers/${customerId}`),
      (p) => p.tier === 'regular',
    );
    expect(profile.tierChanges.map((c) => [c.previousTier, c.tier, c.reason])).toEqual([
      [null, 'regular', 'qualifying-activity'],
      ['regular', 'diamond', 'qualifying-activity'],
      ['diamond', 'gold', 'assessment'],
      ['gold', 'silver', 'assessment'],
      ['silver', 'regular', 'assessment'],
    ]);
  });
});
