import { InitialMessaging1764000000000 } from './1764000000000-initial-messaging.migration';
import { IngestTables1764100000000 } from './1764100000000-ingest-tables.migration';

/** Every migration of this service, oldest first. Never rewrite one that has landed. */
export const migrations = [InitialMessaging1764000000000, IngestTables1764100000000];
