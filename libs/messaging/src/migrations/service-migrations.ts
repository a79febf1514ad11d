import type { MigrationInterface } from 'typeorm';
import { InboxKeysBytewise1764500000000 } from './inbox-keys-bytewise.migration';
import { InboxProcessedAtBrin1764600000000 } from './inbox-processed-at-brin.migration';
import { InitialMessaging1764000000000 } from './initial-messaging.migration';
import { OutboxBundles1764300000000 } from './outbox-bundles.migration';
import { OutboxCompression1764400000000 } from './outbox-compression.migration';

export type MigrationClass = new () => MigrationInterface;

/** Messaging's own migrations (outbox, inbox, dead letters), which every service runs. */
export const MESSAGING_MIGRATIONS: readonly MigrationClass[] = [
  InitialMessaging1764000000000,
  OutboxBundles1764300000000,
  OutboxCompression1764400000000,
  InboxKeysBytewise1764500000000,
  InboxProcessedAtBrin1764600000000,
];

const timestampOf = (migration: MigrationClass): number => {
  const match = /(\d{13})$/.exec(migration.name);
  if (match === null)
    throw new Error(`migration class ${migration.name} does not end in a 13-digit timestamp`);
  return Number(match[1]);
};

/**
 * A service's migrations: messaging's and its own, oldest first by the timestamp that ends
 * each class name, so a new messaging migration reaches every service from one list.
 */
export function serviceMigrations(own: readonly MigrationClass[] = []): MigrationClass[] {
  return [...MESSAGING_MIGRATIONS, ...own].sort((a, b) => timestampOf(a) - timestampOf(b));
}
