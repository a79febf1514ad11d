/** Pairwise agreement between a predicted partition and the true one. */
export interface PairwiseScore {
  /** Of the pairs put together, the share that are the same person (1 when none were). */
  readonly precision: number;
  /** Of the pairs that are the same person, the share put together (1 when there are none). */
  readonly recall: number;
  readonly f1: number;
  readonly truePositivePairs: number;
  readonly predictedPairs: number;
  readonly truePairs: number;
  /** Identifiers scored: the keys of the truth. */
  readonly identifiers: number;
}

const pairs = (size: number): number => (size * (size - 1)) / 2;

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * Pairwise precision and recall of "same person" over the identifiers of `truth`
 * (identifierKey → personId), e.g. `groundTruth().identity.identifiedOwners`. `predicted`
 * maps identifierKey → clusterId; a truth key it lacks counts as a cluster of its own, and its
 * keys outside the truth are ignored. Counting goes through cluster sizes, so it is linear in
 * the number of identifiers, not quadratic.
 */
export function pairwiseScore(
  predicted: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
): PairwiseScore {
  const truthSizes = new Map<string, number>();
  const predictedSizes = new Map<string, number>();
  const overlap = new Map<string, Map<string, number>>();
  for (const [key, person] of truth) {
    increment(truthSizes, person);
    const cluster = predicted.get(key);
    if (cluster === undefined) continue;
    increment(predictedSizes, cluster);
    let byCluster = overlap.get(person);
    if (byCluster === undefined) {
      byCluster = new Map();
      overlap.set(person, byCluster);
    }
    increment(byCluster, cluster);
  }
  let truePositivePairs = 0;
  for (const byCluster of overlap.values()) {
    for (const size of byCluster.values()) truePositivePairs += pairs(size);
  }
  let predictedPairs = 0;
  for (const size of predictedSizes.values()) predictedPairs += pairs(size);
  let truePairs = 0;
  for (const size of truthSizes.values()) truePairs += pairs(size);
  const precision = predictedPairs === 0 ? 1 : truePositivePairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositivePairs / truePairs;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    truePositivePairs,
    predictedPairs,
    truePairs,
    identifiers: truth.size,
  };
}
