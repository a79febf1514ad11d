import fc from 'fast-check';
import { pairwiseScore } from './pairwise-score';

const partition = (entries: Record<string, string>): Map<string, string> =>
  new Map(Object.entries(entries));

// Ann owns a, b, c; Bo owns d, e. True pairs: ab, ac, bc, de = 4.
const truth = partition({ a: 'ann', b: 'ann', c: 'ann', d: 'bo', e: 'bo' });

describe('pairwiseScore', () => {
  it('scores a perfect prediction 1 / 1, whatever the cluster names', () => {
    const score = pairwiseScore(partition({ a: 'x', b: 'x', c: 'x', d: 'y', e: 'y' }), truth);
    expect(score).toMatchObject({ precision: 1, recall: 1, f1: 1, truePairs: 4 });
  });

  it('loses recall when a person is split: {a,b} {c} {d,e} finds 2 of 4 true pairs', () => {
    const score = pairwiseScore(partition({ a: '1', b: '1', c: '2', d: '3', e: '3' }), truth);
    expect(score).toMatchObject({
      precision: 1,
      recall: 0.5,
      truePositivePairs: 2,
      predictedPairs: 2,
    });
  });

  it('loses precision when two people are merged: everything in one cluster', () => {
    const score = pairwiseScore(partition({ a: 'z', b: 'z', c: 'z', d: 'z', e: 'z' }), truth);
    expect(score.recall).toBe(1);
    expect(score.predictedPairs).toBe(10);
    expect(score.precision).toBeCloseTo(0.4);
    expect(score.f1).toBeCloseTo((2 * 0.4) / 1.4);
  });

  it('treats identifiers missing from the prediction as singletons and ignores extra ones', () => {
    const score = pairwiseScore(partition({ a: '1', b: '1', zz: '1' }), truth);
    expect(score).toMatchObject({ precision: 1, truePositivePairs: 1, predictedPairs: 1 });
    expect(score.recall).toBeCloseTo(0.25);
  });

  it('scores 1 / 1 when there is nothing to pair', () => {
    expect(pairwiseScore(new Map(), new Map())).toMatchObject({ precision: 1, recall: 1 });
  });

  const partitions = fc
    .array(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 8 })), {
      maxLength: 60,
    })
    .map((entries) => new Map(entries.map(([key, person]) => [key, `person-${person}`])));

  it('property: the truth predicted as itself, under any renaming, scores 1 / 1', () => {
    fc.assert(
      fc.property(partitions, fc.string(), (truthMap, salt) => {
        const renamed = new Map([...truthMap].map(([key, person]) => [key, `${salt}/${person}`]));
        const score = pairwiseScore(renamed, truthMap);
        expect(score.precision).toBe(1);
        expect(score.recall).toBe(1);
      }),
    );
  });

  it('property: all singletons have precision 1, one big cluster has recall 1', () => {
    fc.assert(
      fc.property(partitions, (truthMap) => {
        const singletons = new Map([...truthMap.keys()].map((key) => [key, key]));
        const together = new Map([...truthMap.keys()].map((key) => [key, 'all']));
        expect(pairwiseScore(singletons, truthMap).precision).toBe(1);
        expect(pairwiseScore(together, truthMap).recall).toBe(1);
      }),
    );
  });
});
