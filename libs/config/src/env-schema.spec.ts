import { z } from 'zod';
import { describeConfig, setting } from './config-definition';
import { ConfigError } from './config-error';
import { env, parseEnv } from './env-schema';
import { platformEnv } from './platform-config';

describe('parseEnv', () => {
  it('applies defaults when nothing is set', () => {
    const config = parseEnv(platformEnv, {});
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(15_000);
    expect(config.OTEL_TRACES_ENABLED).toBe(true);
  });

  it('a missing required variable stops start-up with a message naming it', () => {
    const shape = { ADMIN_TOKEN: env.string() };
    expect(() => parseEnv(shape, {})).toThrow(ConfigError);
    expect(() => parseEnv(shape, {})).toThrow(/ADMIN_TOKEN: is required \(it is not set\)/);
  });

  it('reports every malformed variable at once with what was expected', () => {
    let error: unknown;
    try {
      parseEnv(
        { ...platformEnv, HTTP_PORT: env.port(3001) },
        { HTTP_PORT: '70000', KAFKA_BROKERS: 'nohost' },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(issues).toEqual(['HTTP_PORT', 'KAFKA_BROKERS']);
    expect((error as ConfigError).message).toContain(
      'HTTP_PORT: expected a TCP port between 1 and 65535 (got "70000")',
    );
    expect((error as ConfigError).message).toContain(
      'KAFKA_BROKERS: expected a comma-separated list of host:port',
    );
  });

  it('never echoes a secret back in the error', () => {
    expect(() =>
      parseEnv(
        { ADMIN_TOKEN: z.string().min(32, 'expected at least 32 characters') },
        { ADMIN_TOKEN: 'short' },
      ),
    ).toThrow(/ADMIN_TOKEN: expected at least 32 characters \(got "\*\*\*"\)/);
  });

  it('parses booleans and lists', () => {
    const config = parseEnv(
      { FLAG: env.bool(false), ITEMS: env.list('a') },
      { FLAG: '1', ITEMS: ' x, y ,,z' },
    );
    expect(config).toEqual({ FLAG: true, ITEMS: ['x', 'y', 'z'] });
  });

  describe('env.json', () => {
    const weights = z.record(z.string(), z.number().min(0).max(1));
    const shape = { WEIGHTS: env.json(weights, { web: 0.5 }, { example: '{"web":0.2}' }) };

    it('parses JSON against its schema, and takes the fallback when unset or empty', () => {
      expect(parseEnv(shape, { WEIGHTS: '{"app":0.25}' })).toEqual({ WEIGHTS: { app: 0.25 } });
      expect(parseEnv(shape, {})).toEqual({ WEIGHTS: { web: 0.5 } });
      expect(parseEnv(shape, { WEIGHTS: ' ' })).toEqual({ WEIGHTS: { web: 0.5 } });
    });

    it('names an example when the text is not JSON, and the schema when the JSON is wrong', () => {
      expect(() => parseEnv(shape, { WEIGHTS: '{web:' })).toThrow(
        /WEIGHTS: expected JSON, e\.g\. \{"web":0\.2\}/,
      );
      expect(() => parseEnv(shape, { WEIGHTS: '{"web":2}' })).toThrow(/WEIGHTS: .*1/);
    });

    it('shows its fallback as the default, or nothing with quietDefault', () => {
      const quiet = env.json(weights, { web: 0.5 }, { quietDefault: true });
      const shown = describeConfig({
        loud: setting('LOUD', shape.WEIGHTS, 'weights'),
        quiet: setting('QUIET', quiet, 'weights'),
      });
      expect(shown.map((v) => v.default)).toEqual(['{"web":0.5}', '']);
      expect(parseEnv({ QUIET: quiet }, {})).toEqual({ QUIET: { web: 0.5 } });
    });
  });
});
