/** What insights know about one customer, in event time. */
export type CustomerFacts = {
  customerId: string;
  firstSeenAt: Date;
  lastActivityAt: Date;
  /** Paid, not cancelled orders, oldest first. */
  orders: { paidAt: Date; paidMinor: number; refundedMinor: number; promotion: boolean }[];
  complaints: number;
  lowRatings: number;
};

export const LIFECYCLE_STAGES = [
  'new',
  'active',
  'at-risk',
  'churned-short',
  'churned-mid',
  'churned-long',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export type ValueTier = 'high' | 'mid' | 'low';
export type ChurnReason = 'price-sensitive' | 'dissatisfied' | 'needs-changed';

export const DAY_MS = 86_400_000;

export const daysBetween = (from: Date, to: Date): number =>
  Math.max(0, (to.getTime() - from.getTime()) / DAY_MS);

export const netSpend = (facts: CustomerFacts): number =>
  facts.orders.reduce((sum, order) => sum + order.paidMinor - order.refundedMinor, 0);
