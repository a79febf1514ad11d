/** How the observations of one trait become its value. */
export const TRAIT_STRATEGIES = ['latest', 'first', 'max', 'sum', 'union'] as const;
export type TraitStrategy = (typeof TRAIT_STRATEGIES)[number];

export const DEFAULT_TRAIT_STRATEGIES: Record<string, TraitStrategy> = {
  name: 'latest',
  gender: 'latest',
  birthday: 'first',
  province: 'latest',
  city: 'latest',
};

export type TraitValue = string | number | boolean;

/** One event's value for a trait, with the event time that set it. */
export type TraitObservation = { value: TraitValue; at: Date; eventKey: string };

export type MergedTrait = {
  value: TraitValue | TraitValue[];
  setAt: string;
  strategy: TraitStrategy;
};

// Event time, then event key: the same observations give the same answer in any arrival order.
const chronological = (a: TraitObservation, b: TraitObservation) =>
  a.at.getTime() - b.at.getTime() ||
  (a.eventKey < b.eventKey ? -1 : a.eventKey > b.eventKey ? 1 : 0);

const compareValues = (a: TraitValue, b: TraitValue) =>
  typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a) < String(b)
      ? -1
      : String(a) > String(b)
        ? 1
        : 0;

/** Merges one trait's observations by its strategy; undefined when there are none to merge. */
export function mergeTrait(
  strategy: TraitStrategy,
  observations: readonly TraitObservation[],
): MergedTrait | undefined {
  if (observations.length === 0) return undefined;
  const sorted = [...observations].sort(chronological);
  const last = sorted[sorted.length - 1];
  switch (strategy) {
    case 'latest':
      return { value: last.value, setAt: last.at.toISOString(), strategy };
    case 'first':
      return { value: sorted[0].value, setAt: sorted[0].at.toISOString(), strategy };
    case 'max': {
      // The earliest observation of the greatest value set it.
      const top = sorted.reduce((best, o) => (compareValues(o.value, best.value) > 0 ? o : best));
      return { value: top.value, setAt: top.at.toISOString(), strategy };
    }
    case 'sum': {
      const numbers = sorted.filter((o) => typeof o.value === 'number');
      if (numbers.length === 0) return undefined;
      const total = numbers.reduce((sum, o) => sum + (o.value as number), 0);
      return { value: total, setAt: numbers[numbers.length - 1].at.toISOString(), strategy };
    }
    case 'union': {
      const values = [...new Set(sorted.map((o) => o.value))].sort(compareValues);
      return { value: values, setAt: last.at.toISOString(), strategy };
    }
  }
}

/** Every trait of a customer merged by its strategy (unlisted traits: latest). */
export function mergeTraits(
  observations: ReadonlyMap<string, readonly TraitObservation[]>,
  strategies: Readonly<Record<string, TraitStrategy>>,
): Record<string, MergedTrait> {
  const merged: Record<string, MergedTrait> = {};
  for (const [trait, values] of [...observations].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const value = mergeTrait(strategies[trait] ?? 'latest', values);
    if (value !== undefined) merged[trait] = value;
  }
  return merged;
}
