import { planHistory, type HistoryPoint } from './effective-history';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 24 * 60 * 60 * 1000);
const plain = (n: number, amount: number): HistoryPoint => ({
  effectiveFrom: day(n),
  amount,
  referenceAmount: null,
  reductionStartedAt: null,
});

describe('the reference price of a reduction', () => {
  it('is the lowest price of the 30 days before, including the price in effect when they began', () => {
    // 80 from day 0, 120 from day 10, reduced to 100 on day 35: the window opens on day 5 at 80.
    const planned = planHistory([plain(0, 80), plain(10, 120)], [{ at: day(35), amount: 100 }], 30);
    expect(planned).toEqual([
      expect.objectContaining({ amount: 100, referenceAmount: 80, reductionStartedAt: day(35) }),
    ]);
  });

  it('leaves out a price that ended before the window opened', () => {
    const planned = planHistory(
      [plain(0, 50), plain(4, 120), plain(10, 130)],
      [{ at: day(35), amount: 100 }],
      30,
    );
    expect(planned[0].referenceAmount).toBe(120);
  });

  it('stays frozen while the reduction lasts, however long, and ends when the price is back', () => {
    const planned = planHistory(
      [plain(0, 120)],
      [
        { at: day(40), amount: 100 },
        { at: day(60), amount: 90 },
        { at: day(90), amount: 110 },
        { at: day(100), amount: 120 },
      ],
      30,
    );
    expect(planned.map((p) => [p.amount, p.referenceAmount, p.reductionStartedAt])).toEqual([
      [100, 120, day(40)],
      [90, 120, day(40)],
      [110, 120, day(40)],
      [120, null, null],
    ]);
  });

  it('has none for a first price or a rise, and repeats nothing already true', () => {
    expect(
      planHistory(
        [],
        [
          { at: day(0), amount: 100 },
          { at: day(1), amount: 100 },
          { at: day(2), amount: 150 },
        ],
        30,
      ),
    ).toEqual([
      expect.objectContaining({
        effectiveFrom: day(0),
        amount: 100,
        referenceAmount: null,
        reductionStartedAt: null,
        previousAmount: null,
      }),
      expect.objectContaining({
        effectiveFrom: day(2),
        amount: 150,
        referenceAmount: null,
        reductionStartedAt: null,
        previousAmount: 100,
      }),
    ]);
  });

  it('lets a later correction at the same instant win over the earlier plan', () => {
    const written = [plain(0, 100), plain(5, 70), plain(5, 90)];
    const planned = planHistory(
      written,
      [
        { at: day(6), amount: 90 },
        { at: day(7), amount: 80 },
      ],
      30,
    );
    expect(planned).toEqual([expect.objectContaining({ amount: 80, previousAmount: 90 })]);
  });
});
