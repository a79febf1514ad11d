import fc from 'fast-check';
import { allocateBurn } from './allocate-burn';

describe('allocateBurn', () => {
  it('takes from lots in the order given, each at most what it has left', () => {
    const lots = [
      { lotId: 'a', remaining: 100 },
      { lotId: 'b', remaining: 0 },
      { lotId: 'c', remaining: 300 },
    ];
    expect(allocateBurn(lots, 250)).toEqual({
      allocations: [
        { lotId: 'a', points: 100 },
        { lotId: 'c', points: 150 },
      ],
      short: 0,
    });
    expect(allocateBurn(lots, 500)).toEqual({
      allocations: [
        { lotId: 'a', points: 100 },
        { lotId: 'c', points: 300 },
      ],
      short: 100,
    });
  });

  it('allocates exactly what was asked or reports the shortfall, never more than a lot holds (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1_000), { maxLength: 10 }),
        fc.integer({ min: 1, max: 5_000 }),
        (remaining, points) => {
          const lots = remaining.map((r, i) => ({ lotId: String(i), remaining: r }));
          const { allocations, short } = allocateBurn(lots, points);
          const total = allocations.reduce((sum, a) => sum + a.points, 0);
          expect(total + short).toBe(points);
          for (const a of allocations)
            expect(a.points).toBeLessThanOrEqual(lots[Number(a.lotId)].remaining);
          expect(short === 0 || total === remaining.reduce((s, r) => s + r, 0)).toBe(true);
        },
      ),
    );
  });
});
