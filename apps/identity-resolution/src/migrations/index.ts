import { serviceMigrations } from '@omni/messaging';
import { IdentityGraph1764100000000 } from './1764100000000-identity-graph.migration';
import { IdentityLockFunction1764200000000 } from './1764200000000-identity-lock-function.migration';
import { IdentityHashesBytewise1764600000000 } from './1764600000000-identity-hashes-bytewise.migration';
import { IdentityHistoryIndex1764800000000 } from './1764800000000-identity-history-index.migration';
import { IdentityLogEventOwner1765000000000 } from './1765000000000-identity-log-event-owner.migration';

/** Every migration of this service with messaging's, oldest first. Never rewrite one that has landed. */
export const migrations = serviceMigrations([
  IdentityGraph1764100000000,
  IdentityLockFunction1764200000000,
  IdentityHashesBytewise1764600000000,
  IdentityHistoryIndex1764800000000,
  IdentityLogEventOwner1765000000000,
]);
