import { breachMessage } from './price-breach-alert';

describe('breachMessage', () => {
  it('names the SKU, both channels and prices, and the difference against the tolerance', () => {
    expect(
      breachMessage({
        alertId: 'cons-1',
        sku: 'LUM-SERUM-50ML',
        channels: ['web', 'pos'],
        firstPrice: { amount: 68_400, currency: 'CNY' },
        secondPrice: { amount: 76_000, currency: 'CNY' },
        differenceBasisPoints: 1_111,
        toleranceBasisPoints: 500,
        segment: 'gold',
        detectedAt: '2026-06-18T00:00:02Z',
      }),
    ).toBe(
      'Price consistency breached: LUM-SERUM-50ML (segment gold) costs 68400 on web and 76000 on pos CNY minor units, 11.11% apart (tolerance 5.00%)',
    );
  });
});
