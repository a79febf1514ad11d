/** What pricing's price.consistency-breached says, as the text of its alert. */
export type ConsistencyBreach = {
  alertId: string;
  sku: string;
  channels: readonly [string, string];
  firstPrice: { amount: number; currency: string };
  secondPrice: { amount: number; currency: string };
  differenceBasisPoints: number;
  toleranceBasisPoints: number;
  segment?: string;
  detectedAt: string;
};

const percent = (basisPoints: number) => `${(basisPoints / 100).toFixed(2)}%`;

export function breachMessage(breach: ConsistencyBreach): string {
  const [first, second] = breach.channels;
  const segment = breach.segment === undefined ? '' : ` (segment ${breach.segment})`;
  return (
    `Price consistency breached: ${breach.sku}${segment} costs ${breach.firstPrice.amount} on ${first} ` +
    `and ${breach.secondPrice.amount} on ${second} ${breach.firstPrice.currency} minor units, ` +
    `${percent(breach.differenceBasisPoints)} apart (tolerance ${percent(breach.toleranceBasisPoints)})`
  ).slice(0, 1_000);
}
