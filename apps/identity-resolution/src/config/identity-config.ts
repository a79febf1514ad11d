import { ConfigError, env, parseEnv, type ConfigIssue } from '@omni/config';
import { IDENTIFIER_TYPES, TOPICS, type IdentifierType } from '@omni/contracts';
import { z } from 'zod';
import type { IdentifierCryptoKeys } from '../identifiers/identifier-crypto';
import {
  DEFAULT_BLOCKED_VALUES,
  DEFAULT_TYPE_POLICIES,
  type IdentityPolicy,
  type TypePolicy,
} from '../rules/identity-policy';

/** Injection token for the parsed identity-resolution settings. */
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');

// Development-only secrets, so `npm start` works on a laptop; refused when NODE_ENV=production.
const DEV_ADMIN_TOKEN = 'dev-identity-admin-token';
const DEV_HMAC_KEY = Buffer.alloc(32, 7).toString('base64');
const DEV_ENCRYPTION_KEYS = `dev:${Buffer.alloc(32, 11).toString('base64')}`;

const typePolicyOverride = z.strictObject({
  priority: z.int().min(0).max(1000).optional(),
  limit: z.int().min(1).nullable().optional(),
  windowDays: z.int().min(1).nullable().optional(),
  strong: z.boolean().optional(),
});

const policyOverrides = z.partialRecord(z.enum(IDENTIFIER_TYPES), typePolicyOverride);

const jsonPolicy = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'expected JSON, e.g. {"phone":{"limit":3},"deviceId":{"windowDays":7}}',
      });
      return z.NEVER;
    }
  })
  .pipe(policyOverrides);

const base64Key =
  (variable: string) =>
  (text: string): Buffer => {
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32)
      throw new ConfigError([
        {
          variable,
          expected: 'expected 32 bytes, base64 encoded (openssl rand -base64 32)',
          received: '***',
        },
      ]);
    return key;
  };

export const identityEnv = {
  NODE_ENV: env.oneOf(['development', 'test', 'production'] as const, 'development'),
  IDENTITY_ADMIN_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  IDENTITY_HMAC_KEY: z.string().optional(),
  /** `keyId:base64key` pairs; old keys stay listed so stored values keep opening. */
  IDENTITY_ENCRYPTION_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/,
      'expected keyId:base64key pairs separated by commas',
    )
    .optional(),
  /** Default: the first key listed. */
  IDENTITY_ENCRYPTION_ACTIVE_KEY_ID: z.string().min(1).optional(),
  IDENTITY_POLICY: jsonPolicy,
  IDENTITY_BLOCKED_VALUES: z.string().default(DEFAULT_BLOCKED_VALUES.join(',')),
  IDENTITY_CONSUMER_ENABLED: env.bool(true),
  IDENTITY_CONSUMER_GROUP: env.string('identity-resolution'),
  IDENTITY_INPUT_TOPIC: env.string(TOPICS.ingestEvents.name),
  IDENTITY_RESOLVED_TOPIC: env.string(TOPICS.identityResolvedEvents.name),
  IDENTITY_PROFILE_CHANGES_TOPIC: env.string(TOPICS.identityProfileChanges.name),
  IDENTITY_CONSUMER_BATCH_SIZE: env.int(200, 1, 5_000),
  // Partitions resolve in parallel transactions: the database works while Node plans.
  IDENTITY_PARTITIONS_CONCURRENTLY: env.int(6, 1, 64),
  /** Least ms between Kafka offset commits; uncommitted offsets are redelivered and the inbox skips them. */
  IDENTITY_OFFSET_COMMIT_INTERVAL_MS: env.int(1_000, 0, 60_000),
  /** Attempts at a whole batch (a busy lock clears quickly) before it is retried event by event. */
  IDENTITY_BATCH_ATTEMPTS: env.int(3, 1, 10),
  /** Resolve a consumer batch with bulk reads and writes; false resolves event by event (the baseline). */
  IDENTITY_BATCH_RESOLUTION: env.bool(true),
  /** Resolve the batches of all partitions ready at once in one transaction (fewer round trips, no lock waits between them). */
  IDENTITY_COMBINE_PARTITIONS: env.bool(true),
  /**
   * Identifier hashes whose profile the process remembers, to guess which locks a batch needs
   * without reading first (the locks' own read decides). About 200 bytes each; 0 turns it off.
   */
  IDENTITY_MAPPING_HINTS: env.int(200_000, 0, 10_000_000),
};

export type IdentityConfig = {
  adminToken: string;
  crypto: IdentifierCryptoKeys;
  policy: IdentityPolicy;
  consumer: {
    enabled: boolean;
    groupId: string;
    inputTopic: string;
    batchSize: number;
    partitionsConcurrently: number;
    offsetCommitIntervalMs: number;
    batchAttempts: number;
    batchResolution: boolean;
    combinePartitions: boolean;
    mappingHints: number;
  };
  topics: { resolved: string; profileChanges: string };
};

function requiredInProduction(parsed: z.infer<z.ZodObject<typeof identityEnv>>): void {
  if (parsed.NODE_ENV !== 'production') return;
  const missing: ConfigIssue[] = (
    ['IDENTITY_ADMIN_TOKEN', 'IDENTITY_HMAC_KEY', 'IDENTITY_ENCRYPTION_KEYS'] as const
  )
    .filter((variable) => parsed[variable] === undefined)
    .map((variable) => ({
      variable,
      expected: 'is required when NODE_ENV=production',
      received: undefined,
    }));
  if (missing.length > 0) throw new ConfigError(missing);
}

function encryptionKeys(text: string): Map<string, Buffer> {
  return new Map(
    text.split(',').map((pair) => {
      const [keyId, key] = pair.split(':');
      return [keyId, base64Key('IDENTITY_ENCRYPTION_KEYS')(key)];
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

/** Parses the identity settings once; a bad value stops start-up with the variable's name. */
export function loadIdentityConfig(
  source: Record<string, string | undefined> = process.env,
): IdentityConfig {
  const parsed = parseEnv(identityEnv, source);
  requiredInProduction(parsed);
  const keys = encryptionKeys(parsed.IDENTITY_ENCRYPTION_KEYS ?? DEV_ENCRYPTION_KEYS);
  const activeKeyId = parsed.IDENTITY_ENCRYPTION_ACTIVE_KEY_ID ?? [...keys.keys()][0];
  if (!keys.has(activeKeyId)) {
    throw new ConfigError([
      {
        variable: 'IDENTITY_ENCRYPTION_ACTIVE_KEY_ID',
        expected: `expected one of the key ids in IDENTITY_ENCRYPTION_KEYS (${[...keys.keys()].join(', ')})`,
        received: activeKeyId,
      },
    ]);
  }
  return {
    adminToken: parsed.IDENTITY_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    crypto: {
      hmacKey: base64Key('IDENTITY_HMAC_KEY')(parsed.IDENTITY_HMAC_KEY ?? DEV_HMAC_KEY),
      encryptionKeys: keys,
      activeKeyId,
    },
    policy: policyFrom(parsed.IDENTITY_POLICY, parsed.IDENTITY_BLOCKED_VALUES),
    consumer: {
      enabled: parsed.IDENTITY_CONSUMER_ENABLED,
      groupId: parsed.IDENTITY_CONSUMER_GROUP,
      inputTopic: parsed.IDENTITY_INPUT_TOPIC,
      batchSize: parsed.IDENTITY_CONSUMER_BATCH_SIZE,
      partitionsConcurrently: parsed.IDENTITY_PARTITIONS_CONCURRENTLY,
      offsetCommitIntervalMs: parsed.IDENTITY_OFFSET_COMMIT_INTERVAL_MS,
      batchAttempts: parsed.IDENTITY_BATCH_ATTEMPTS,
      batchResolution: parsed.IDENTITY_BATCH_RESOLUTION,
      combinePartitions: parsed.IDENTITY_COMBINE_PARTITIONS,
      mappingHints: parsed.IDENTITY_MAPPING_HINTS,
    },
    topics: {
      resolved: parsed.IDENTITY_RESOLVED_TOPIC,
      profileChanges: parsed.IDENTITY_PROFILE_CHANGES_TOPIC,
    },
  };
}
