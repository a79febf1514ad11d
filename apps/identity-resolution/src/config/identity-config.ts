import { ConfigError, derived, env, setting } from '@omni/config';
import { IDENTIFIER_TYPES, TOPICS, type IdentifierType } from '@omni/contracts';
import { z } from 'zod';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import type { IdentifierCryptoKeys } from '../identifiers/identifier-crypto';
import {
  DEFAULT_BLOCKED_VALUES,
  DEFAULT_TYPE_POLICIES,
  type IdentityPolicy,
  type TypePolicy,
} from '../rules/identity-policy';
import { service } from '../service';

// Development-only secrets, so `npm start` works on a laptop; refused when NODE_ENV=production.
// The admin token is the platform's (IDENTITY_ADMIN_TOKEN, see platformSettings in @omni/platform).
const DEV_HMAC_KEY = Buffer.alloc(32, 7).toString('base64');
const DEV_ENCRYPTION_KEYS = `dev:${Buffer.alloc(32, 11).toString('base64')}`;

const typePolicyOverride = z.strictObject({
  priority: z.int().min(0).max(1000).optional(),
  limit: z.int().min(1).nullable().optional(),
  windowDays: z.int().min(1).nullable().optional(),
  strong: z.boolean().optional(),
});

const policyOverrides = z.partialRecord(z.enum(IDENTIFIER_TYPES), typePolicyOverride);

const jsonPolicy = env.json(
  policyOverrides,
  {},
  { example: '{"phone":{"limit":3},"deviceId":{"windowDays":7}}' },
);

const keyBytes = 'expected 32 bytes, base64 encoded (openssl rand -base64 32)';

const base64Key = (text: string, ctx: z.RefinementCtx): Buffer => {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) ctx.addIssue({ code: 'custom', message: keyBytes });
  return key;
};

function encryptionKeys(text: string, ctx: z.RefinementCtx): Map<string, Buffer> {
  return new Map(
    text.split(',').map((pair) => {
      const [keyId, key] = pair.split(':');
      return [keyId, base64Key(key, ctx)];
    }),
  );
}

function policyFrom(overrides: z.infer<typeof policyOverrides>, blocked: string): IdentityPolicy {
  const types = Object.fromEntries(
    IDENTIFIER_TYPES.map((type): [IdentifierType, TypePolicy] => [
      type,
      { ...DEFAULT_TYPE_POLICIES[type], ...overrides[type] },
    ]),
  ) as Record<IdentifierType, TypePolicy>;
  const blockedValues = new Set(
    blocked
      .split(',')
      .map((value) => value.trim().toLowerCase())
      .filter(Boolean),
  );
  return { types, blockedValues };
}

/** The active key must be one of the keys; unset, it is the first key listed. */
function cryptoKeys(parsed: {
  hmacKey: Buffer;
  encryptionKeys: Map<string, Buffer>;
  activeKeyId?: string;
}): IdentifierCryptoKeys {
  const activeKeyId = parsed.activeKeyId ?? [...parsed.encryptionKeys.keys()][0];
  if (!parsed.encryptionKeys.has(activeKeyId)) {
    throw new ConfigError([
      {
        variable: 'IDENTITY_ENCRYPTION_ACTIVE_KEY_ID',
        expected: `expected one of the key ids in IDENTITY_ENCRYPTION_KEYS (${[...parsed.encryptionKeys.keys()].join(', ')})`,
        received: activeKeyId,
      },
    ]);
  }
  return { hmacKey: parsed.hmacKey, encryptionKeys: parsed.encryptionKeys, activeKeyId };
}

/** Identity's settings beside the platform's, parsed once at start-up (see runService). */
export const identityConfig = defineServiceConfig(
  service,
  {
    crypto: derived(
      {
        hmacKey: setting(
          'IDENTITY_HMAC_KEY',
          z.string().default(DEV_HMAC_KEY).transform(base64Key),
          { secret: true, requiredInProduction: true },
        ),
        encryptionKeys: setting(
          'IDENTITY_ENCRYPTION_KEYS',
          z
            .string()
            .regex(
              /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/,
              'expected keyId:base64key pairs separated by commas',
            )
            .default(DEV_ENCRYPTION_KEYS)
            .transform(encryptionKeys),
          { secret: true, requiredInProduction: true },
        ),
        activeKeyId: setting(
          'IDENTITY_ENCRYPTION_ACTIVE_KEY_ID',
          z.string().min(1, 'must not be empty').optional(),
        ),
      },
      cryptoKeys,
    ),
    policy: derived(
      {
        overrides: setting('IDENTITY_POLICY', jsonPolicy),
        blocked: setting(
          'IDENTITY_BLOCKED_VALUES',
          z.string().default(DEFAULT_BLOCKED_VALUES.join(',')),
        ),
      },
      ({ overrides, blocked }) => policyFrom(overrides, blocked),
    ),
    consumer: {
      enabled: setting.flag('IDENTITY_CONSUMER_ENABLED', true),
      groupId: setting.text('IDENTITY_CONSUMER_GROUP', 'identity-resolution'),
      inputTopic: setting.topic('IDENTITY_INPUT_TOPIC', TOPICS.ingestEvents),
      batchSize: setting.int('IDENTITY_CONSUMER_BATCH_SIZE', 200, 1, 5_000),
      // The database works while Node plans.
      partitionsConcurrently: setting.int('IDENTITY_PARTITIONS_CONCURRENTLY', 6, 1, 64),
      offsetCommitIntervalMs: setting.int('IDENTITY_OFFSET_COMMIT_INTERVAL_MS', 1_000, 0, 60_000),
      batchAttempts: setting.int('IDENTITY_BATCH_ATTEMPTS', 3, 1, 10),
      combinePartitions: setting.flag('IDENTITY_COMBINE_PARTITIONS', true),
      mappingHints: setting.int('IDENTITY_MAPPING_HINTS', 200_000, 0, 10_000_000),
    },
    topics: {
      resolved: setting.topic('IDENTITY_RESOLVED_TOPIC', TOPICS.identityResolvedEvents),
      profileChanges: setting.topic(
        'IDENTITY_PROFILE_CHANGES_TOPIC',
        TOPICS.identityProfileChanges,
      ),
    },
  },
  {
    IDENTITY_HMAC_KEY: 'HMAC key of identifier hashes, 32 bytes base64 (openssl rand -base64 32)',
    IDENTITY_ENCRYPTION_KEYS:
      'keyId:base64key pairs that seal stored identifiers; old keys stay listed so stored values keep opening',
    IDENTITY_ENCRYPTION_ACTIVE_KEY_ID:
      'Id of the key that seals new values; unset: the first key listed',
    IDENTITY_POLICY: 'JSON overrides of the per-type merge policy, e.g. {"phone":{"limit":3}}',
    IDENTITY_BLOCKED_VALUES:
      'Comma-separated identifier values never used to merge (test numbers and the like)',
    IDENTITY_CONSUMER_ENABLED: 'Whether this replica resolves events',
    IDENTITY_CONSUMER_GROUP: 'Consumer group of the input topic',
    IDENTITY_INPUT_TOPIC: 'Topic of the events to resolve',
    IDENTITY_CONSUMER_BATCH_SIZE: 'Events resolved per batch',
    IDENTITY_PARTITIONS_CONCURRENTLY: 'Partitions resolved in parallel transactions',
    IDENTITY_OFFSET_COMMIT_INTERVAL_MS:
      'Least time between Kafka offset commits (ms); uncommitted offsets are redelivered and the inbox skips them',
    IDENTITY_BATCH_ATTEMPTS:
      'Attempts at a whole batch (a busy lock clears quickly) before it is retried event by event',
    IDENTITY_COMBINE_PARTITIONS: 'Resolve the batches of all ready partitions in one transaction',
    IDENTITY_MAPPING_HINTS:
      'Identifier hashes whose profile is remembered to guess the locks a batch needs (about 200 bytes each; 0: off)',
    IDENTITY_RESOLVED_TOPIC: 'Topic of resolved events',
    IDENTITY_PROFILE_CHANGES_TOPIC: 'Topic of profile merges, splits and erasures',
  },
);

export type IdentityConfig = ServiceConfigOf<typeof identityConfig>;
