import {
  InitialMessaging1764000000000,
  OutboxBundles1764300000000,
  OutboxCompression1764400000000,
  InboxKeysBytewise1764500000000,
} from '@omni/messaging';
import { IngestTables1764100000000 } from './1764100000000-ingest-tables.migration';
import { DedupeKeysUpkeep1764200000000 } from './1764200000000-dedupe-keys-upkeep.migration';

/** Every migration of this service, oldest first. Never rewrite one that has landed. */
export const migrations = [
  InitialMessaging1764000000000,
  IngestTables1764100000000,
  DedupeKeysUpkeep1764200000000,
  OutboxBundles1764300000000,
  OutboxCompression1764400000000,
  InboxKeysBytewise1764500000000,
];
