import { createHash } from 'node:crypto';

export type Variant = { name: string; weight: number };

/**
 * The variant of an experiment for a customer: a stable hash of (experiment, customer) mapped
 * onto the cumulative weights, so the same customer always lands in the same variant.
 */
export function assignVariant(
  experimentId: string,
  customerId: string,
  variants: readonly Variant[],
): string {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  if (variants.length === 0 || total <= 0)
    throw new RangeError('an experiment needs a variant with weight');
  const digest = createHash('sha256').update(`${experimentId}\u0000${customerId}`).digest();
  const point = digest.readUInt32BE(0) % total;
  let cumulative = 0;
  for (const variant of variants) {
    cumulative += variant.weight;
    if (point < cumulative) return variant.name;
  }
  return variants[variants.length - 1]!.name;
}

export type OfferMatch = {
  lifecycleStages?: readonly string[] | undefined;
  valueTiers?: readonly string[] | undefined;
  churnReasons?: readonly string[] | undefined;
  segments?: readonly string[] | undefined;
};

/** Whether a fired journey step is one this offer answers: every listed criterion must hold. */
export function matchesTrigger(
  match: OfferMatch,
  fired: {
    lifecycleStage?: string | undefined;
    valueTier?: string | undefined;
    churnReason?: string | undefined;
    segments?: readonly string[] | undefined;
  },
): boolean {
  const holds = (wanted: readonly string[] | undefined, value: string | undefined) =>
    wanted === undefined || (value !== undefined && wanted.includes(value));
  return (
    holds(match.lifecycleStages, fired.lifecycleStage) &&
    holds(match.valueTiers, fired.valueTier) &&
    holds(match.churnReasons, fired.churnReason) &&
    (match.segments === undefined ||
      match.segments.some((segment) => fired.segments?.includes(segment) === true))
  );
}
