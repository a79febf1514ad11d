import { serviceMigrations } from '@omni/messaging';
import { IngestTables1764100000000 } from './1764100000000-ingest-tables.migration';
import { DedupeKeysUpkeep1764200000000 } from './1764200000000-dedupe-keys-upkeep.migration';
import { RejectionInputBounds1764600000000 } from './1764600000000-rejection-input-bounds.migration';

/** Every migration of this service with messaging's, oldest first. Never rewrite one that has landed. */
export const migrations = serviceMigrations([
  IngestTables1764100000000,
  DedupeKeysUpkeep1764200000000,
  RejectionInputBounds1764600000000,
]);
