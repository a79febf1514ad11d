import { daysBetween, type CustomerFacts, type LifecycleStage } from './customer-facts';

export type LifecycleSettings = {
  /** A customer first seen this recently, with at most one order, is new. */
  newDays: number;
  /** Active while the last activity is at most this old. */
  activeDays: number;
  /** Churned once the last activity is older than this; at risk in between. */
  churnAfterDays: number;
  /** Days into churn that separate short from mid, and mid from long (30 and 90 by default). */
  churnShortDays: number;
  churnLongDays: number;
};

export const DEFAULT_LIFECYCLE: LifecycleSettings = {
  newDays: 30,
  activeDays: 30,
  churnAfterDays: 60,
  churnShortDays: 30,
  churnLongDays: 90,
};

/** The stage at `asOf`, from event times only (first seen, last activity, orders). */
export function lifecycleStage(
  facts: CustomerFacts,
  asOf: Date,
  settings: LifecycleSettings,
): LifecycleStage {
  const idle = daysBetween(facts.lastActivityAt, asOf);
  if (idle <= settings.activeDays) {
    const isNew =
      facts.orders.length <= 1 && daysBetween(facts.firstSeenAt, asOf) <= settings.newDays;
    return isNew ? 'new' : 'active';
  }
  if (idle <= settings.churnAfterDays) return 'at-risk';
  const churned = idle - settings.churnAfterDays;
  if (churned < settings.churnShortDays) return 'churned-short';
  if (churned <= settings.churnLongDays) return 'churned-mid';
  return 'churned-long';
}
