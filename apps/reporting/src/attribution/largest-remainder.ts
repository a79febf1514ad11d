/**
 * Splits `total` integer minor units in proportion to `weights` so the parts add up exactly:
 * each part is its floor, and the units left over go to the largest remainders (ties to the
 * earlier part). Weights are non-negative with a positive sum.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total))
    throw new RangeError(`total must be a safe integer, got ${total}`);
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (weights.length === 0 || !(sum > 0) || weights.some((w) => !(w >= 0) || !Number.isFinite(w))) {
    throw new RangeError('weights must be finite, non-negative and not all zero');
  }
  const quotas = weights.map((weight) => (total * weight) / sum);
  const parts = quotas.map(Math.floor);
  let left = total - parts.reduce((acc, part) => acc + part, 0);
  const byRemainder = quotas
    .map((quota, index) => ({ index, remainder: quota - parts[index], weight: weights[index] }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  // Floating error can leave a unit too many or too few beyond the remainders; go round again.
  for (let i = 0; left > 0; i = (i + 1) % byRemainder.length) {
    if (byRemainder[i].weight === 0) continue;
    parts[byRemainder[i].index] += 1;
    left -= 1;
  }
  for (
    let i = byRemainder.length - 1;
    left < 0;
    i = (i - 1 + byRemainder.length) % byRemainder.length
  ) {
    if (parts[byRemainder[i].index] === 0) continue;
    parts[byRemainder[i].index] -= 1;
    left += 1;
  }
  return parts;
}
