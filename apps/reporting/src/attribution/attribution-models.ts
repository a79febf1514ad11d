import { largestRemainder } from './largest-remainder';

export const ATTRIBUTION_MODELS = ['first', 'last', 'linear', 'time-decay', 'position'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/** A touch on a person's path before an order, oldest first. */
export type PathTouch = { at: Date };

export type ModelOptions = {
  /** Time decay: a touch this many days older than another weighs half as much. */
  halfLifeDays: number;
};

const DAY_MS = 86_400_000;

/** Each touch's share of the order under `model` (not normalised); touches oldest first. */
export function modelWeights(
  model: AttributionModel,
  touches: readonly PathTouch[],
  options: ModelOptions,
): number[] {
  const n = touches.length;
  switch (model) {
    case 'first':
      return touches.map((_, i) => (i === 0 ? 1 : 0));
    case 'last':
      return touches.map((_, i) => (i === n - 1 ? 1 : 0));
    case 'linear':
      return touches.map(() => 1);
    case 'time-decay': {
      // 2^(−Δdays / half-life) before the order, scaled by the same factor for every touch so the
      // newest weighs 1: the shares are unchanged, and old touches on a short half-life cannot
      // all underflow to 0 (2^(−1,075) is 0 in a double).
      const newest = touches[n - 1].at.getTime();
      return touches.map((touch) =>
        Math.pow(2, -(newest - touch.at.getTime()) / DAY_MS / options.halfLifeDays),
      );
    }
    case 'position':
      // 40 / 20 / 40: the first and last touch 40% each, the middle ones share 20%; 50 / 50 with two.
      if (n === 1) return [1];
      if (n === 2) return [1, 1];
      return touches.map((_, i) => (i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2)));
  }
}

/**
 * The order's value in integer minor units per touch under `model`; the credits add up to the
 * value exactly (largest remainder). Touches are the path, oldest first; none gives no credits.
 */
export function attribute(
  model: AttributionModel,
  value: number,
  touches: readonly PathTouch[],
  options: ModelOptions,
): number[] {
  if (touches.length === 0) return [];
  return largestRemainder(value, modelWeights(model, touches, options));
}
