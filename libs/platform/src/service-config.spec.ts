import { ConfigError } from '@omni/config';
import { loadServiceConfig } from './service-config';

const service = { name: 'pricing', schema: 'pricing', port: 3003 };

describe('loadServiceConfig', () => {
  it("defaults to the service's port, its own database role and the local broker", () => {
    const config = loadServiceConfig(service, {});
    expect(config).toMatchObject({
      PORT: 3003,
      HOST: '127.0.0.1',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      DATABASE_URL: 'postgres://omni_pricing:omni_pricing@127.0.0.1:5432/omni',
      DATABASE_SCHEMA: 'pricing',
    });
  });

  it('stops with every malformed variable named', () => {
    const attempt = () => loadServiceConfig(service, { PORT: 'eighty', OUTBOX_BATCH_SIZE: '0' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT: expected a TCP port number/);
    expect(attempt).toThrow(/OUTBOX_BATCH_SIZE: expected at least 1/);
  });
});
