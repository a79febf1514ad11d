import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in one transaction at one instant, `now`, taken once before it begins, so every
 * row, audit entry and event the change writes carries the same time.
 */
export function transactionAtNow<T>(
  dataSource: DataSource,
  work: (tx: EntityManager, now: Date) => Promise<T>,
): Promise<T> {
  const now = new Date();
  return dataSource.transaction((tx) => work(tx, now));
}
