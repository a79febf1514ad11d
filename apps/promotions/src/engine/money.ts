/** `amount × numerator / denominator` in integer arithmetic, rounded half up (non-negative inputs). */
export function mulDivRound(amount: number, numerator: number, denominator: number): number {
  // In doubles while every intermediate is an exact integer (below 2^53), as it is for money
  // and basis points; the remainder corrects a quotient the division rounded across an integer.
  if ((amount * numerator + denominator) * 2 <= Number.MAX_SAFE_INTEGER) {
    const twice = amount * numerator * 2 + denominator;
    const divisor = denominator * 2;
    let quotient = Math.floor(twice / divisor);
    const remainder = twice - quotient * divisor;
    if (remainder < 0) quotient -= 1;
    else if (remainder >= divisor) quotient += 1;
    return quotient;
  }
  const scaled = BigInt(amount) * BigInt(numerator);
  const divisor = BigInt(denominator);
  return Number((scaled * 2n + divisor) / (divisor * 2n));
}

export type AllocationEntry = { id: string; weight: number; cap: number };

/**
 * Splits `total` across entries in proportion to their weights, never giving an entry more
 * than its cap, so that the shares add up exactly to `total` (which must not exceed the sum of
 * the caps). Largest remainder: each entry gets the floor of its exact share, and the units
 * left over go one each to the largest fractional parts, ties by id. An entry that would pass
 * its cap is fixed at the cap and the rest is split again among the others.
 */
export function allocateLargestRemainder(
  total: number,
  entries: readonly AllocationEntry[],
): Map<string, number> {
  // Callers pass lines in line id order: sorting is then only a check.
  const sorted = inIdOrder(entries)
    ? entries
    : [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shares = allocateInOrder(
    total,
    sorted.map((entry) => entry.weight),
    sorted.map((entry) => entry.cap),
  );
  const byId = new Map<string, number>();
  for (const entry of entries) byId.set(entry.id, 0);
  sorted.forEach((entry, index) => byId.set(entry.id, shares[index]!));
  return byId;
}

/**
 * `allocateLargestRemainder` for entries given as parallel weights and caps, already in the
 * order their ties break in (id order): the shares in the same order. The engine splits an
 * order discount over the cart's lines with it, which are kept in line id order.
 */
export function allocateInOrder(
  total: number,
  weights: readonly number[],
  caps: readonly number[],
): number[] {
  const count = weights.length;
  let capacity = 0;
  for (let index = 0; index < count; index++) capacity += caps[index]!;
  if (!Number.isSafeInteger(total) || total < 0 || total > capacity)
    throw new RangeError(`cannot allocate ${total} over a capacity of ${capacity}`);
  const shares = new Array<number>(count).fill(0);
  let open: number[] = [];
  for (let index = 0; index < count; index++) if (caps[index]! > 0) open.push(index);
  let remaining = total;
  while (remaining > 0) {
    const proposed =
      exactInNumbers(remaining, open, weights) ?? exactInBigInts(remaining, open, weights);
    const overCap = open.filter((index, at) => proposed[at]! > caps[index]!);
    if (overCap.length === 0) {
      open.forEach((index, at) => (shares[index] = proposed[at]!));
      break;
    }
    for (const index of overCap) {
      shares[index] = caps[index]!;
      remaining -= caps[index]!;
    }
    open = open.filter((index) => !overCap.includes(index));
  }
  return shares;
}

function inIdOrder(entries: readonly AllocationEntry[]): boolean {
  for (let index = 1; index < entries.length; index++)
    if (entries[index - 1]!.id >= entries[index]!.id) return false;
  return true;
}

/** The largest-remainder shares of `remaining` over the open entries, in BigInt arithmetic. */
function exactInBigInts(
  remaining: number,
  open: readonly number[],
  weights: readonly number[],
): number[] {
  const weightSum = open.reduce((sum, index) => sum + BigInt(weights[index]!), 0n);
  // With no weight left, split evenly among the open entries.
  const weightOf = (index: number) => (weightSum === 0n ? 1n : BigInt(weights[index]!));
  const divisor = weightSum === 0n ? BigInt(open.length) : weightSum;
  const exact = open.map((index, at) => {
    const numerator = BigInt(remaining) * weightOf(index);
    return { at, floor: numerator / divisor, fraction: numerator % divisor };
  });
  // The fractions add up to a whole number of units: fewer than the entries with a fraction.
  let leftover = BigInt(remaining) - exact.reduce((sum, share) => sum + share.floor, 0n);
  const byRemainder = [...exact].sort((a, b) =>
    a.fraction === b.fraction ? 0 : a.fraction > b.fraction ? -1 : 1,
  );
  const proposed = new Array<number>(open.length);
  for (const share of byRemainder) {
    const extra = leftover > 0n && share.fraction > 0n ? 1n : 0n;
    leftover -= extra;
    proposed[share.at] = Number(share.floor + extra);
  }
  return proposed;
}

/**
 * The same largest-remainder shares in doubles, when every product stays below 2^53 (exact
 * integers): the common case, without BigInt's allocations. Undefined when it might not.
 */
function exactInNumbers(
  remaining: number,
  open: readonly number[],
  weights: readonly number[],
): number[] | undefined {
  let weightSum = 0;
  let maxWeight = 0;
  for (const index of open) {
    const weight = weights[index]!;
    weightSum += weight;
    if (weight > maxWeight) maxWeight = weight;
  }
  const even = weightSum === 0;
  const divisor = even ? open.length : weightSum;
  if (
    remaining * (even ? 1 : maxWeight) > Number.MAX_SAFE_INTEGER ||
    weightSum > Number.MAX_SAFE_INTEGER
  )
    return undefined;
  const floors = new Array<number>(open.length);
  const fractions = new Array<number>(open.length);
  let given = 0;
  for (let at = 0; at < open.length; at++) {
    const numerator = remaining * (even ? 1 : weights[open[at]!]!);
    let floor = Math.floor(numerator / divisor);
    // The double quotient may round across an integer; the remainder puts it right.
    if (numerator - floor * divisor < 0) floor -= 1;
    else if (numerator - floor * divisor >= divisor) floor += 1;
    floors[at] = floor;
    fractions[at] = numerator - floor * divisor;
    given += floor;
  }
  let leftover = remaining - given;
  if (leftover > 0) {
    // The leftover units go to the largest fractions, ties in id order (the entries' order):
    // one to each fraction above the leftover-th largest, then to those equal to it in order.
    // The fractions add up to leftover × divisor and each is below divisor, so more than
    // `leftover` of them are non-zero and that threshold is never zero.
    const threshold = largest(fractions.slice(), leftover);
    for (let at = 0; at < open.length; at++)
      if (fractions[at]! > threshold) {
        floors[at] = floors[at]! + 1;
        leftover -= 1;
      }
    for (let at = 0; leftover > 0; at++)
      if (fractions[at]! === threshold) {
        floors[at] = floors[at]! + 1;
        leftover -= 1;
      }
  }
  return floors;
}

/**
 * The `rank`-th largest of `values` (1 is the largest), found by selection without sorting;
 * `values` is reordered. The pivot is random so that no input makes it quadratic; the value
 * found is the same whatever the pivots.
 */
function largest(values: number[], rank: number): number {
  const target = rank - 1;
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[low + Math.floor(Math.random() * (high - low + 1))]!;
    let left = low;
    let right = high;
    while (left <= right) {
      while (values[left]! > pivot) left++;
      while (values[right]! < pivot) right--;
      if (left <= right) {
        const swap = values[left]!;
        values[left++] = values[right]!;
        values[right--] = swap;
      }
    }
    if (target <= right) high = right;
    else if (target >= left) low = left;
    else break;
  }
  return values[target]!;
}

const ZERO_DECIMAL_CURRENCIES = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK']);

/** Minor units as a person reads them: `CNY 300.00`. For explanations only, never for maths. */
export function formatMoney(amount: number, currency: string): string {
  if (ZERO_DECIMAL_CURRENCIES.has(currency)) return `${currency} ${amount}`;
  const sign = amount < 0 ? '-' : '';
  const absolute = Math.abs(amount);
  const major = Math.floor(absolute / 100);
  const minor = String(absolute % 100).padStart(2, '0');
  return `${currency} ${sign}${major}.${minor}`;
}
