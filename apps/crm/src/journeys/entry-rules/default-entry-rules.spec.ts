import { goldenFixture, parseDownstreamEvent } from '@omni/contracts';
import { DEFAULT_ENTRY_RULES, zonedMidnight } from './default-entry-rules';
import type { EntryFacts, EntryRuleName, JourneySignal } from './entry-rule';

const facts: EntryFacts = {
  replenishmentCycles: new Map([['LUM-CREAM-30ML', 45]]),
  timeZone: 'Asia/Shanghai',
};

function signal(
  type: string,
  payload: Record<string, unknown> = {},
  firstOrder = false,
): JourneySignal {
  const fixture = goldenFixture(type, 1);
  const envelope = parseDownstreamEvent({
    ...fixture,
    customerId: 'cus_1',
    correlationId: 'c',
    causationId: 'c',
    payload: { ...(fixture.payload as object), ...payload },
  });
  return {
    kind: 'event',
    customerId: 'cus_1',
    envelope,
    occurredAt: new Date(envelope.occurredAt),
    firstOrder,
  };
}

const enters = (rule: EntryRuleName, s: JourneySignal) =>
  DEFAULT_ENTRY_RULES.get(rule)?.enters(s, facts) ?? [];

describe('journey entry rules', () => {
  it('order-paid enters on every paid order, with the order id', () => {
    expect(enters('order-paid', signal('order.paid'))).toEqual([
      expect.objectContaining({ key: '', orderId: '3960000123456789012' }),
    ]);
    expect(enters('order-paid', signal('order.placed'))).toEqual([]);
  });

  it('first-order-paid enters only on the first paid order', () => {
    expect(enters('first-order-paid', signal('order.paid', {}, true))).toHaveLength(1);
    expect(enters('first-order-paid', signal('order.paid', {}, false))).toHaveLength(0);
  });

  it('signed-up enters on a sign-up, not on a login', () => {
    expect(enters('signed-up', signal('customer.identified', { method: 'signup' }))).toHaveLength(
      1,
    );
    expect(enters('signed-up', signal('customer.identified', { method: 'login' }))).toHaveLength(0);
  });

  it('product-viewed is scoped to the viewed SKU', () => {
    expect(enters('product-viewed', signal('product.viewed'))).toEqual([
      expect.objectContaining({ key: 'LUM-SERUM-50ML', sku: 'LUM-SERUM-50ML' }),
    ]);
  });

  it('sku-purchased enters per ordered SKU that has a consumption cycle', () => {
    // The fixture orders LUM-SERUM-50ML (no cycle) and LUM-CREAM-30ML (45 days).
    const entries = enters('sku-purchased', signal('order.placed'));
    expect(entries).toEqual([
      expect.objectContaining({ key: 'LUM-CREAM-30ML', cycleMs: 45 * 86_400_000 }),
    ]);
  });

  it('birthday is anchored at local midnight of the next birthday and scoped to its year', () => {
    const identified = signal('customer.identified', { traits: { birthday: '1990-03-05' } });
    const [entry] = enters('birthday', identified);
    expect(entry.anchor.getTime()).toBeGreaterThan(identified.occurredAt.getTime() - 86_400_000);
    expect(entry.anchor).toEqual(zonedMidnight(Number(entry.key), 3, 5, 'Asia/Shanghai'));
    expect(zonedMidnight(2026, 3, 5, 'Asia/Shanghai')).toEqual(new Date('2026-03-04T16:00:00Z'));
  });

  it("birthday recurs: when an instance completes, the next year's starts from the day after", () => {
    const [entry] = enters('birthday', {
      kind: 'recurrence',
      customerId: 'cus_1',
      journeyId: 'birthday',
      anchor: zonedMidnight(2026, 3, 5, 'Asia/Shanghai'),
      context: { birthday: '1990-03-05' },
      occurredAt: new Date('2026-03-05T01:00:00Z'),
    });
    expect(entry).toMatchObject({ key: '2027', context: { birthday: '1990-03-05' } });
    expect(entry.anchor).toEqual(zonedMidnight(2027, 3, 5, 'Asia/Shanghai'));
  });

  it('entered-churn enters when a customer first reaches a churn stage, carrying what win-back needs', () => {
    const churned: JourneySignal = {
      kind: 'lifecycle',
      customerId: 'cus_1',
      stage: 'churned-short',
      previousStage: 'at-risk',
      occurredAt: new Date('2025-06-18T00:00:00Z'),
      valueTier: 'high',
      churnReason: 'price-sensitive',
      segments: ['seg_vip'],
    };
    expect(enters('entered-churn', churned)).toEqual([
      expect.objectContaining({
        context: {
          lifecycleStage: 'churned-short',
          valueTier: 'high',
          churnReason: 'price-sensitive',
          segments: ['seg_vip'],
        },
      }),
    ]);
    expect(
      enters('entered-churn', { ...churned, stage: 'churned-mid', previousStage: 'churned-short' }),
    ).toEqual([]);
    expect(enters('entered-churn', { ...churned, stage: 'active' })).toEqual([]);
  });
});
