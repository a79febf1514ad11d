import {
  InitialMessaging1764000000000,
  OutboxBundles1764300000000,
  OutboxCompression1764400000000,
  InboxKeysBytewise1764500000000,
} from '@omni/messaging';
import { IdentityGraph1764100000000 } from './1764100000000-identity-graph.migration';
import { IdentityLockFunction1764200000000 } from './1764200000000-identity-lock-function.migration';
import { IdentityHashesBytewise1764600000000 } from './1764600000000-identity-hashes-bytewise.migration';

/** Every migration of this service, oldest first. Never rewrite one that has landed. */
export const migrations = [
  InitialMessaging1764000000000,
  IdentityGraph1764100000000,
  IdentityLockFunction1764200000000,
  OutboxBundles1764300000000,
  OutboxCompression1764400000000,
  InboxKeysBytewise1764500000000,
  IdentityHashesBytewise1764600000000,
];
