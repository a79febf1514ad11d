import { visibilityLatencies } from './kpi-visibility';

describe('visibilityLatencies', () => {
  it('pairs the k-th acceptance with the first reading that counts k orders', () => {
    const { latenciesMs, missing } = visibilityLatencies(
      [1_000, 1_010, 1_020],
      [
        { atMs: 1_005, seen: 0 },
        { atMs: 1_100, seen: 1 },
        { atMs: 1_200, seen: 3 },
      ],
    );
    expect(latenciesMs).toEqual([100, 190, 180]);
    expect(missing).toBe(0);
  });

  it('reports orders no reading ever counted as missing', () => {
    const { latenciesMs, missing } = visibilityLatencies([10, 20, 30], [{ atMs: 50, seen: 1 }]);
    expect(latenciesMs).toEqual([40]);
    expect(missing).toBe(2);
  });

  it('never lets a count that went down (a reading answered out of order) undo what was seen', () => {
    const { latenciesMs } = visibilityLatencies(
      [0, 0],
      [
        { atMs: 30, seen: 1 },
        { atMs: 10, seen: 2 },
        { atMs: 20, seen: 0 },
      ],
    );
    expect(latenciesMs).toEqual([10, 10]);
  });

  it('counts a pairing that comes out negative as 0', () => {
    expect(visibilityLatencies([100, 500], [{ atMs: 200, seen: 2 }]).latenciesMs).toEqual([100, 0]);
  });

  it('sorts acceptances that arrive out of order', () => {
    expect(
      visibilityLatencies(
        [300, 100],
        [
          { atMs: 150, seen: 1 },
          { atMs: 350, seen: 2 },
        ],
      ).latenciesMs,
    ).toEqual([50, 50]);
  });
});
