/** `amount × numerator / denominator` in integer arithmetic, rounded half up (non-negative inputs). */
export function mulDivRound(amount: number, numerator: number, denominator: number): number {
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
  const capacity = entries.reduce((sum, entry) => sum + entry.cap, 0);
  if (!Number.isSafeInteger(total) || total < 0 || total > capacity)
    throw new RangeError(`cannot allocate ${total} over a capacity of ${capacity}`);
  const shares = new Map<string, number>();
  for (const entry of entries) shares.set(entry.id, 0);
  let open = entries.filter((entry) => entry.cap > 0);
  // Callers pass lines in line id order: sorting is then only a check.
  if (!inIdOrder(open)) open.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let remaining = total;
  while (remaining > 0) {
    const numberShares = exactInNumbers(remaining, open);
    if (numberShares !== undefined) {
      const overCap = open.filter((entry, index) => numberShares[index]! > entry.cap);
      if (overCap.length === 0) {
        open.forEach((entry, index) => shares.set(entry.id, numberShares[index]!));
        break;
      }
      for (const entry of overCap) {
        shares.set(entry.id, entry.cap);
        remaining -= entry.cap;
      }
      open = open.filter((entry) => !overCap.includes(entry));
      continue;
    }
    const weightSum = open.reduce((sum, entry) => sum + BigInt(entry.weight), 0n);
    // With no weight left, split evenly among the open entries.
    const weightOf = (entry: AllocationEntry) => (weightSum === 0n ? 1n : BigInt(entry.weight));
    const divisor = weightSum === 0n ? BigInt(open.length) : weightSum;
    const exact = open.map((entry) => {
      const numerator = BigInt(remaining) * weightOf(entry);
      return { entry, floor: numerator / divisor, fraction: numerator % divisor };
    });
    // The fractions add up to a whole number of units: fewer than the entries with a fraction.
    let leftover = BigInt(remaining) - exact.reduce((sum, share) => sum + share.floor, 0n);
    const byRemainder = [...exact].sort((a, b) =>
      a.fraction === b.fraction ? 0 : a.fraction > b.fraction ? -1 : 1,
    );
    const proposed = new Map<AllocationEntry, number>();
    for (const share of byRemainder) {
      const extra = leftover > 0n && share.fraction > 0n ? 1n : 0n;
      leftover -= extra;
      proposed.set(share.entry, Number(share.floor + extra));
    }
    const overCap = open.filter((entry) => (proposed.get(entry) ?? 0) > entry.cap);
    if (overCap.length === 0) {
      for (const entry of open) shares.set(entry.id, proposed.get(entry) ?? 0);
      break;
    }
    for (const entry of overCap) {
      shares.set(entry.id, entry.cap);
      remaining -= entry.cap;
    }
    open = open.filter((entry) => !overCap.includes(entry));
  }
  return shares;
}

function inIdOrder(entries: readonly AllocationEntry[]): boolean {
  for (let index = 1; index < entries.length; index++)
    if (entries[index - 1]!.id >= entries[index]!.id) return false;
  return true;
}

/**
 * The same largest-remainder shares in doubles, when every product stays below 2^53 (exact
 * integers): the common case, without BigInt's allocations. Undefined when it might not.
 */
function exactInNumbers(remaining: number, open: readonly AllocationEntry[]): number[] | undefined {
  let weightSum = 0;
  let maxWeight = 0;
  for (const entry of open) {
    weightSum += entry.weight;
    if (entry.weight > maxWeight) maxWeight = entry.weight;
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
  for (let index = 0; index < open.length; index++) {
    const numerator = remaining * (even ? 1 : open[index]!.weight);
    let floor = Math.floor(numerator / divisor);
    // The double quotient may round across an integer; the remainder puts it right.
    if (numerator - floor * divisor < 0) floor -= 1;
    else if (numerator - floor * divisor >= divisor) floor += 1;
    floors[index] = floor;
    fractions[index] = numerator - floor * divisor;
    given += floors[index]!;
  }
  let leftover = remaining - given;
  if (leftover > 0) {
    // Largest fraction first; ties keep id order (the entries are sorted by id).
    const order = open
      .map((_, index) => index)
      .sort((a, b) => fractions[b]! - fractions[a]! || a - b);
    for (const index of order) {
      if (leftover === 0) break;
      if (fractions[index]! === 0) continue;
      floors[index] = floors[index]! + 1;
      leftover -= 1;
    }
  }
  return floors;
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
