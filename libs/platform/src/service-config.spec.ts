import { ConfigError, parseConfig, setting, env } from '@omni/config';
import { defineServiceConfig, httpThreadsOf, httpThreadsSetting } from './service-config';

const service = { name: 'pricing', schema: 'pricing', port: 3003 };
const pricingConfig = defineServiceConfig(service, {
  lists: { maxItems: setting('PRICING_MAX_ITEMS', env.int(100, 1), 'Items per price list') },
});

describe('defineServiceConfig', () => {
  it("defaults to the service's port, its own database role and the local broker", () => {
    const config = parseConfig(pricingConfig, {});
    expect(config.platform).toMatchObject({
      http: { port: 3003, host: '127.0.0.1' },
      kafka: { brokers: ['127.0.0.1:9092'] },
      database: {
        url: 'postgres://omni_pricing:omni_pricing@127.0.0.1:5432/omni',
        schema: 'pricing',
      },
      adminToken: 'dev-pricing-admin-token',
    });
    expect(config.lists.maxItems).toBe(100);
  });

  it('stops with every malformed variable named', () => {
    const attempt = () =>
      parseConfig(pricingConfig, {
        PORT: 'eighty',
        OUTBOX_BATCH_SIZE: '0',
        PRICING_MAX_ITEMS: 'lots',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT: expected a TCP port number/);
    expect(attempt).toThrow(/OUTBOX_BATCH_SIZE: expected at least 1/);
    expect(attempt).toThrow(/PRICING_MAX_ITEMS: expected a whole number \(got "lots"\)/);
  });

  it('refuses a feature setting that reuses a platform variable', () => {
    expect(() =>
      defineServiceConfig(service, { port: setting('PORT', env.port(1), 'again') }),
    ).toThrow(/PORT is declared twice/);
  });

  describe('HTTP threads (ADR 0040)', () => {
    const threaded = defineServiceConfig(
      service,
      { httpThreads: httpThreadsSetting('PRICING_HTTP_THREADS') },
      { PRICING_HTTP_THREADS: 'Threads serving HTTP' },
    );

    it('serves on one thread unless the service declares the setting and it asks for more', () => {
      expect(httpThreadsOf(parseConfig(pricingConfig, { PRICING_HTTP_THREADS: '4' }))).toBe(1);
      expect(httpThreadsOf(parseConfig(threaded, {}))).toBe(1);
      expect(httpThreadsOf(parseConfig(threaded, { PRICING_HTTP_THREADS: '2' }))).toBe(2);
    });

    it('stops on a thread count outside 1 to 16, naming the variable', () => {
      expect(() => parseConfig(threaded, { PRICING_HTTP_THREADS: '0' })).toThrow(
        /PRICING_HTTP_THREADS: expected at least 1/,
      );
      expect(() => parseConfig(threaded, { PRICING_HTTP_THREADS: '17' })).toThrow(
        /PRICING_HTTP_THREADS: expected at most 16/,
      );
      expect(() => parseConfig(threaded, { PRICING_HTTP_THREADS: 'two' })).toThrow(
        /PRICING_HTTP_THREADS: expected a whole number/,
      );
    });
  });
});
