import {
  InitialMessaging1764000000000,
  OutboxBundles1764300000000,
  OutboxCompression1764400000000,
  InboxKeysBytewise1764500000000,
} from '@omni/messaging';

/** Every migration of this service, oldest first. Never rewrite one that has landed. */
export const migrations = [
  InitialMessaging1764000000000,
  OutboxBundles1764300000000,
  OutboxCompression1764400000000,
  InboxKeysBytewise1764500000000,
];
