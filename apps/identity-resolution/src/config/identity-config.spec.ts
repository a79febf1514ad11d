import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, configTableIsCurrent, parseConfig } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { identityConfig } from './identity-config';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

describe('identityConfig', () => {
  it('defaults to the documented identifier policy, the catalog topics and development keys', () => {
    const config = parseConfig(identityConfig, {});
    expect(config.policy.types.phone).toEqual({
      priority: 60,
      limit: 2,
      windowDays: null,
      strong: false,
    });
    expect(config.policy.types.deviceId).toMatchObject({ limit: 10, windowDays: 30 });
    expect(config.policy.blockedValues.has('13800138000')).toBe(true);
    expect(config.topics.resolved).toBe(TOPICS.identityResolvedEvents.name);
    expect(config.consumer.inputTopic).toBe(TOPICS.ingestEvents.name);
  });

  it('overrides a limit from IDENTITY_POLICY and keeps the other defaults', () => {
    const config = parseConfig(identityConfig, {
      IDENTITY_POLICY: '{"phone":{"limit":3},"deviceId":{"windowDays":7}}',
    });
    expect(config.policy.types.phone.limit).toBe(3);
    expect(config.policy.types.deviceId).toMatchObject({ limit: 10, windowDays: 7 });
  });

  it('names IDENTITY_POLICY when it is not JSON or has an unknown type', () => {
    expect(() => parseConfig(identityConfig, { IDENTITY_POLICY: '{phone' })).toThrow(
      /IDENTITY_POLICY: expected JSON/,
    );
    expect(() => parseConfig(identityConfig, { IDENTITY_POLICY: '{"fax":{"limit":1}}' })).toThrow(
      /IDENTITY_POLICY/,
    );
  });

  it('requires real secrets in production and names each missing one', () => {
    const attempt = () => parseConfig(identityConfig, { NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/IDENTITY_HMAC_KEY: is required when NODE_ENV=production/);
    expect(attempt).toThrow(/IDENTITY_ENCRYPTION_KEYS/);
  });

  it('rotates keys: the active id picks the sealing key and old keys stay readable', () => {
    const config = parseConfig(identityConfig, {
      IDENTITY_ENCRYPTION_KEYS: `k2:${key(2)},k1:${key(1)}`,
      IDENTITY_ENCRYPTION_ACTIVE_KEY_ID: 'k2',
    });
    expect(config.crypto.activeKeyId).toBe('k2');
    expect([...config.crypto.encryptionKeys.keys()]).toEqual(['k2', 'k1']);
    expect(() =>
      parseConfig(identityConfig, {
        IDENTITY_ENCRYPTION_KEYS: `k1:${key(1)}`,
        IDENTITY_ENCRYPTION_ACTIVE_KEY_ID: 'k9',
      }),
    ).toThrow(/IDENTITY_ENCRYPTION_ACTIVE_KEY_ID/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => parseConfig(identityConfig, { IDENTITY_HMAC_KEY: 'c2hvcnQ=' })).toThrow(
      /IDENTITY_HMAC_KEY: expected 32 bytes/,
    );
  });
});

describe('identity-resolution configuration docs', () => {
  it('the README config table lists every setting as identityConfig declares it (regenerate: npx nx run identity-resolution:config-docs)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(configTableIsCurrent(readme, identityConfig)).toBe(true);
  });
});
