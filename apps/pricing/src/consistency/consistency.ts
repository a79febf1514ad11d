/** |first − second| over the lower price, in basis points, rounded down; 0 against 0 is 0. */
export function differenceBasisPoints(first: number, second: number): number {
  const low = Math.min(first, second);
  const gap = Math.abs(first - second);
  if (gap === 0) return 0;
  if (low === 0) return Number.MAX_SAFE_INTEGER;
  return Number((BigInt(gap) * 10_000n) / BigInt(low));
}

/** Whether two channels' prices drifted apart by more than the tolerance, exactly. */
export function breaches(first: number, second: number, toleranceBasisPoints: number): boolean {
  return (
    BigInt(Math.abs(first - second)) * 10_000n >
    BigInt(toleranceBasisPoints) * BigInt(Math.min(first, second))
  );
}
