import { validateDownstreamEvent } from '@omni/contracts';
import { useHarness, waitForMessage } from '@omni/testing';
import { startPricingHarness } from './support/pricing-harness';

const change = { actor: 'ops:test', reason: 'consistency test' };

describe('cross-channel consistency (tmall and jd against pos, 5%)', () => {
  const h = useHarness(() =>
    startPricingHarness({ PRICING_CONSISTENCY_PAIRS: 'tmall:pos,jd:pos' }),
  );

  async function publish(prices: object[]) {
    const list = await h.post('/v1/price-lists', { name: 'consistency', prices, ...change });
    const published = await h.post(`/v1/price-lists/${list.json().id}/publish`, change);
    expect(published.statusCode).toBe(200);
    return list.json().id as string;
  }

  const alertsOf = async (sku: string) =>
    (await h.get(`/v1/consistency?sku=${sku}`)).json() as {
      firstChannel: string;
      firstAmount: number;
      secondAmount: number;
      differenceBasisPoints: number;
      resolvedAt: string | null;
    }[];

  it('a breach of the tolerance raises one alert, not one per change, and resolves when the prices are back in step', async () => {
    const sku = `CONS-${Date.now().toString(36)}`;
    await publish([{ sku, amount: 10_000, currency: 'CNY' }]);
    expect(await alertsOf(sku)).toEqual([]);

    // Within 5%: no alert.
    const withinTolerance = await publish([{ sku, amount: 9_600, currency: 'CNY', channel: 'jd' }]);
    expect(await alertsOf(sku)).toEqual([]);

    const breach = await publish([{ sku, amount: 9_000, currency: 'CNY', channel: 'tmall' }]);
    const start = new Date(Date.now() - 1_000).toISOString();
    await publish([{ sku, amount: 8_900, currency: 'CNY', channel: 'tmall', validFrom: start }]);
    const alerts = await alertsOf(sku);
    expect(alerts).toEqual([
      expect.objectContaining({
        firstChannel: 'tmall',
        firstAmount: 9_000,
        secondAmount: 10_000,
        differenceBasisPoints: 1_111,
        resolvedAt: null,
      }),
    ]);
    const message = await waitForMessage<{ type: string; payload: { sku: string } }>(
      h.topics.priceChanges,
      (m) => m.value.type === 'price.consistency-breached' && m.value.payload.sku === sku,
    );
    expect(message.key).toBe(sku);
    expect(validateDownstreamEvent(message.value).ok).toBe(true);

    for (const id of [breach, withinTolerance])
      expect((await h.post(`/v1/price-lists/${id}/archive`, change)).statusCode).toBe(200);
    // The dated 8,900 still applies on tmall: still the same one alert.
    expect(await alertsOf(sku)).toHaveLength(1);
    expect((await alertsOf(sku))[0].resolvedAt).toBeNull();

    // 8,900 on tmall against 9,300 on pos is 4.49%.
    await publish([
      { sku, amount: 9_300, currency: 'CNY', channel: 'pos' },
      { sku, amount: 9_300, currency: 'CNY', channel: 'jd' },
    ]);
    const [resolved] = await alertsOf(sku);
    expect(resolved.resolvedAt).not.toBeNull();
    expect(await alertsOf(sku)).toHaveLength(1);
  });
});
