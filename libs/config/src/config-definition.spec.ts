import { z } from 'zod';
import { ConfigError } from './config-error';
import {
  defineConfig,
  describeConfig,
  parseConfig,
  renderConfigTable,
  setting,
} from './config-definition';
import { env } from './env-schema';

const definition = defineConfig({
  port: setting('PORT', env.port(3001), 'HTTP port'),
  adminToken: setting('ADMIN_TOKEN', z.string().min(16).default('dev-admin-token-000'), {
    description: 'Bearer token of the admin API',
    secret: true,
    requiredInProduction: true,
  }),
  consumer: {
    enabled: setting('CONSUMER_ENABLED', env.bool(true), 'Run the consumer'),
    batchSize: setting('CONSUMER_BATCH_SIZE', env.int(200, 1, 10_000), 'Events per batch'),
    brokers: setting('KAFKA_BROKERS', env.hostPorts('127.0.0.1:9092'), 'Kafka bootstrap servers'),
  },
  region: setting(
    'REGION',
    z.string().regex(/^[A-Z]{2}$/, 'expected a region such as CN'),
    'Region',
  ),
});

describe('a service config definition', () => {
  it('parses the environment once into a typed camelCase object with defaults', () => {
    const config = parseConfig(definition, { REGION: 'CN', CONSUMER_BATCH_SIZE: '50' });
    expect(config).toEqual({
      port: 3001,
      adminToken: 'dev-admin-token-000',
      consumer: { enabled: true, batchSize: 50, brokers: ['127.0.0.1:9092'] },
      region: 'CN',
    });
  });

  it('reports every bad variable at once by name, never echoing a secret', () => {
    const attempt = () =>
      parseConfig(definition, { PORT: '70000', ADMIN_TOKEN: 'short', REGION: 'china' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const issues = (error as ConfigError).issues;
      expect(issues.map((i) => i.variable)).toEqual(['PORT', 'ADMIN_TOKEN', 'REGION']);
      expect(issues.find((i) => i.variable === 'ADMIN_TOKEN')?.received).toBe('***');
      expect((error as Error).message).not.toContain('short');
      expect((error as Error).message).toContain('REGION: expected a region such as CN');
    }
  });

  it('refuses a development default for a production secret', () => {
    expect(() => parseConfig(definition, { NODE_ENV: 'production', REGION: 'CN' })).toThrow(
      /ADMIN_TOKEN: is required when NODE_ENV=production/,
    );
  });

  it('refuses a variable declared twice', () => {
    expect(() =>
      defineConfig({ a: setting('X', z.string(), 'a'), b: { c: setting('X', z.string(), 'c') } }),
    ).toThrow(/X is declared twice/);
  });

  it('documents every variable with its default, and hides secret defaults', () => {
    expect(describeConfig(definition)).toEqual([
      expect.objectContaining({ variable: 'PORT', default: '3001', required: 'never' }),
      expect.objectContaining({
        variable: 'ADMIN_TOKEN',
        default: undefined,
        secret: true,
        required: 'production',
      }),
      expect.objectContaining({ variable: 'CONSUMER_ENABLED', default: 'true' }),
      expect.objectContaining({ variable: 'CONSUMER_BATCH_SIZE', path: 'consumer.batchSize' }),
      expect.objectContaining({ variable: 'KAFKA_BROKERS', default: '127.0.0.1:9092' }),
      expect.objectContaining({ variable: 'REGION', default: undefined, required: 'always' }),
    ]);
    const table = renderConfigTable(definition);
    expect(table).toContain(
      '| `ADMIN_TOKEN` | development value; required in production | Bearer token of the admin API (secret) |',
    );
    expect(table).toContain('| `REGION` | required | Region |');
    expect(table).not.toContain('dev-admin-token-000');
  });
});
