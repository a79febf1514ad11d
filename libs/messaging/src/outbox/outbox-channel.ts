import { notificationChannel } from '../listen/notification-listener';

/**
 * The channel an outbox table's inserts are announced on: NOTIFY is delivered only when the
 * inserting transaction commits, which is exactly when the rows become claimable.
 */
export function outboxChannel(outboxTable: string): string {
  return notificationChannel('omni_outbox', outboxTable);
}
