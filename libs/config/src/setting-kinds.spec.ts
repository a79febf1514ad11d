import { z } from 'zod';
import { defineConfig, describeConfig, described, parseConfig } from './config-definition';
import { setting } from './setting-kinds';

const ordersTopic = { name: 'shop.orders.v1' };

const definition = defineConfig(
  described(
    {
      consumer: {
        enabled: setting.flag('SHOP_CONSUMER_ENABLED', true),
        batchSize: setting.int('SHOP_BATCH_SIZE', 200, 1, 5_000),
        topic: setting.topic('SHOP_ORDERS_TOPIC', ordersTopic),
      },
      channels: setting.list('SHOP_CHANNELS', 'web,app'),
      mode: setting.oneOf('SHOP_MODE', ['live', 'dry-run'] as const, 'live'),
      region: setting(
        'SHOP_REGION',
        z.string().regex(/^[A-Z]{2}$/, 'expected a region such as CN'),
      ),
    },
    {
      SHOP_CONSUMER_ENABLED: 'Whether this replica consumes orders',
      SHOP_BATCH_SIZE: 'Orders per batch',
      SHOP_ORDERS_TOPIC: 'Topic of orders',
      SHOP_CHANNELS: 'Channels sold on, comma-separated',
      SHOP_MODE: 'live or dry-run',
      SHOP_REGION: 'Region',
    },
  ),
);

describe('settings declared one line each', () => {
  it('parse to typed values with their defaults, a topic defaulting to its contract name', () => {
    expect(parseConfig(definition, { SHOP_REGION: 'CN', SHOP_BATCH_SIZE: '50' })).toEqual({
      consumer: { enabled: true, batchSize: 50, topic: 'shop.orders.v1' },
      channels: ['web', 'app'],
      mode: 'live',
      region: 'CN',
    });
  });

  it('name the variable and the bound when a value is out of range', () => {
    expect(() => parseConfig(definition, { SHOP_REGION: 'CN', SHOP_BATCH_SIZE: '0' })).toThrow(
      /SHOP_BATCH_SIZE: expected at least 1 \(got "0"\)/,
    );
    expect(() => parseConfig(definition, { SHOP_REGION: 'CN', SHOP_MODE: 'test' })).toThrow(
      /SHOP_MODE: expected one of live, dry-run/,
    );
  });

  it('are documented from the descriptions table', () => {
    expect(describeConfig(definition).map((v) => [v.variable, v.description, v.default])).toEqual([
      ['SHOP_CONSUMER_ENABLED', 'Whether this replica consumes orders', 'true'],
      ['SHOP_BATCH_SIZE', 'Orders per batch', '200'],
      ['SHOP_ORDERS_TOPIC', 'Topic of orders', 'shop.orders.v1'],
      ['SHOP_CHANNELS', 'Channels sold on, comma-separated', 'web,app'],
      ['SHOP_MODE', 'live or dry-run', 'live'],
      ['SHOP_REGION', 'Region', undefined],
    ]);
  });

  it('are refused without a description', () => {
    expect(() => defineConfig({ size: setting.int('SHOP_SIZE', 1) })).toThrow(
      /setting SHOP_SIZE has no description/,
    );
  });

  it('refuse a description of a variable not declared, or of one described where declared', () => {
    const declared = {
      size: setting.int('SHOP_SIZE', 1),
      name: setting('SHOP_NAME', z.string(), 'Name'),
    };
    expect(() => described(declared, { SHOP_SIZ: 'Size' })).toThrow(
      /description of SHOP_SIZ: no such setting/,
    );
    expect(() => described(declared, { SHOP_SIZE: 'Size', SHOP_NAME: 'Name' })).toThrow(
      /setting SHOP_NAME is described twice/,
    );
  });
});
