import type { AttributionModel } from './attribution-models';

const DAY_MS = 86_400_000;

/**
 * The five models over one path at a time, on typed arrays reused from path to path: the same
 * weights and the same largest remainder as `attribute` (attribution-models.ts), so the same
 * integer credits, without an object per touch. `credits[m][i]` is touch i's credit under
 * `models[m]` after `credit`.
 */
export class PathCredits {
  readonly credits: Float64Array[];
  private weights = new Float64Array(64);
  private quotas = new Float64Array(64);
  private order = new Int32Array(64);

  constructor(
    private readonly models: readonly AttributionModel[],
    private readonly halfLifeDays: number,
  ) {
    this.credits = models.map(() => new Float64Array(64));
  }

  /** Credits `value` over the `n` touches at `ats` (epoch ms, oldest first) of one order. */
  credit(value: number, ats: Float64Array, n: number): void {
    if (n > this.weights.length) this.grow(n);
    const weights = this.weights;
    for (let m = 0; m < this.models.length; m++) {
      const parts = this.credits[m];
      switch (this.models[m]) {
        case 'first':
        case 'last': {
          // One weight of 1 and the rest 0: the whole value to that touch, exactly.
          if (!Number.isSafeInteger(value))
            throw new RangeError(`total must be a safe integer, got ${value}`);
          parts.fill(0, 0, n);
          parts[this.models[m] === 'first' ? 0 : n - 1] = value;
          continue;
        }
        case 'linear':
          weights.fill(1, 0, n);
          break;
        case 'time-decay':
          // Relative to the newest touch, as modelWeights does (no underflow of every weight).
          for (let i = 0; i < n; i++)
            weights[i] = Math.pow(2, -(ats[n - 1] - ats[i]) / DAY_MS / this.halfLifeDays);
          break;
        case 'position':
          // 40 / 20 / 40: the first and last touch 40% each, the middle ones share 20%; 50 / 50 with two.
          if (n <= 2) weights.fill(1, 0, n);
          else
            for (let i = 0; i < n; i++) weights[i] = i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2);
          break;
      }
      this.largestRemainder(value, n, parts);
    }
  }

  /** largest-remainder.ts step for step (the same sums in the same order) over the first n weights. */
  private largestRemainder(total: number, n: number, parts: Float64Array): void {
    if (!Number.isSafeInteger(total))
      throw new RangeError(`total must be a safe integer, got ${total}`);
    const { weights, quotas, order } = this;
    let sum = 0;
    let valid = true;
    for (let i = 0; i < n; i++) {
      sum += weights[i];
      if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) valid = false;
    }
    if (n === 0 || !(sum > 0) || !valid)
      throw new RangeError('weights must be finite, non-negative and not all zero');
    let given = 0;
    for (let i = 0; i < n; i++) {
      quotas[i] = (total * weights[i]) / sum;
      parts[i] = Math.floor(quotas[i]);
      given += parts[i];
      order[i] = i;
    }
    let left = total - given;
    if (left === 0) return;
    // By remainder, largest first, a tie to the earlier part (a strict order: any sort agrees).
    const before = (a: number, b: number) => quotas[b] - parts[b] - (quotas[a] - parts[a]) || a - b;
    if (n <= 16) {
      for (let i = 1; i < n; i++) {
        const index = order[i];
        let j = i - 1;
        for (; j >= 0 && before(order[j], index) > 0; j--) order[j + 1] = order[j];
        order[j + 1] = index;
      }
    } else order.subarray(0, n).sort(before);
    // Floating error can leave a unit too many or too few beyond the remainders; go round again.
    for (let i = 0; left > 0; i = (i + 1) % n) {
      if (weights[order[i]] === 0) continue;
      parts[order[i]] += 1;
      left -= 1;
    }
    for (let i = n - 1; left < 0; i = (i - 1 + n) % n) {
      if (parts[order[i]] === 0) continue;
      parts[order[i]] -= 1;
      left += 1;
    }
  }

  private grow(n: number) {
    const size = 2 ** Math.ceil(Math.log2(n));
    this.weights = new Float64Array(size);
    this.quotas = new Float64Array(size);
    this.order = new Int32Array(size);
    for (let m = 0; m < this.credits.length; m++) this.credits[m] = new Float64Array(size);
  }
}
