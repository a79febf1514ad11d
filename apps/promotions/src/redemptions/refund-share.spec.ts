import fc from 'fast-check';
import { isFullRefund, partialRelease, type Releasable } from './refund-share';

const lines = (a: number, b: number) => [
  { sku: 'A', quantity: 2, discount: a },
  { sku: 'B', quantity: 1, discount: b },
];

describe('partialRelease', () => {
  const redemptions: Releasable[] = [
    { id: 'r1', discount: 3_000, released: 0, lines: lines(2_000, 1_000) },
    { id: 'r2', discount: 1_001, released: 0, lines: lines(1_001, 0) },
  ];

  it('gives back the share of the order total a refund without lines returns, split by largest remainder', () => {
    // 4001 × 2500 / 10000 = 1000.25 → 1000, split 3000 : 1001 → 749.81 + 250.19 → 750 + 250.
    const released = partialRelease(10_000, redemptions, { amount: 2_500 });
    expect([...released]).toEqual([
      ['r1', 750],
      ['r2', 250],
    ]);
  });

  it('gives back, for a refund that lists units, the share of the discounts on those SKUs', () => {
    // One of the two A units: (2000 + 1001) / 2 = 1500.5 → 1501, split 2000 : 1001 → 1000 + 501.
    const released = partialRelease(10_000, redemptions, {
      amount: 4_000,
      lines: [{ sku: 'A', quantity: 1 }],
    });
    expect([...released]).toEqual([
      ['r1', 1_000],
      ['r2', 501],
    ]);
    // B carries only r1's discount.
    expect([
      ...partialRelease(10_000, redemptions, { amount: 1, lines: [{ sku: 'B', quantity: 1 }] }),
    ]).toEqual([
      ['r1', 1_000],
      ['r2', 0],
    ]);
  });

  it('never gives back more than a redemption has left', () => {
    const nearlyDone: Releasable[] = [
      { id: 'r1', discount: 3_000, released: 2_900, lines: lines(2_000, 1_000) },
      { id: 'r2', discount: 1_001, released: 1_001, lines: lines(1_001, 0) },
    ];
    expect([...partialRelease(10_000, nearlyDone, { amount: 9_999 })]).toEqual([
      ['r1', 100],
      ['r2', 0],
    ]);
    expect([
      ...partialRelease(10_000, nearlyDone, { amount: 1, lines: [{ sku: 'A', quantity: 9 }] }),
    ]).toEqual([
      ['r1', 100],
      ['r2', 0],
    ]);
  });

  it('releases whole minor units, within what is left, for any refunds (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 6 }),
        (discounts, total, refunds) => {
          const rows = discounts.map((discount, index) => ({
            id: `r${index}`,
            discount,
            released: 0,
            lines: [{ sku: 'A', quantity: 1, discount }],
          }));
          for (const amount of refunds) {
            const released = partialRelease(total, rows, { amount });
            for (const row of rows) {
              const part = released.get(row.id)!;
              expect(Number.isInteger(part)).toBe(true);
              expect(part).toBeGreaterThanOrEqual(0);
              row.released += part;
              expect(row.released).toBeLessThanOrEqual(row.discount);
            }
          }
        },
      ),
    );
  });
});

describe('isFullRefund', () => {
  const orderLines = lines(0, 0);

  it('holds when the money refunded reaches the order total', () => {
    expect(isFullRefund(10_000, orderLines, [{ amount: 4_000 }, { amount: 6_000 }])).toBe(true);
    expect(isFullRefund(10_000, orderLines, [{ amount: 4_000 }, { amount: 5_999 }])).toBe(false);
  });

  it('holds when the units returned cover every unit ordered, whatever the money', () => {
    expect(
      isFullRefund(10_000, orderLines, [
        { amount: 100, lines: [{ sku: 'A', quantity: 1 }] },
        {
          amount: 100,
          lines: [
            { sku: 'A', quantity: 1 },
            { sku: 'B', quantity: 1 },
          ],
        },
      ]),
    ).toBe(true);
    expect(
      isFullRefund(10_000, orderLines, [{ amount: 100, lines: [{ sku: 'A', quantity: 2 }] }]),
    ).toBe(false);
  });
});
