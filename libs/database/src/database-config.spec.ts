import { ConfigError } from '@omni/config';
import { loadDatabaseSettings } from './database-config';

describe('loadDatabaseSettings', () => {
  it("defaults to the service's own role, schema and the omni database", () => {
    expect(loadDatabaseSettings('pricing', {})).toMatchObject({
      schema: 'pricing',
      role: 'omni_pricing',
      password: 'omni_pricing',
      database: 'omni',
      poolSize: 10,
    });
  });

  it('reads the role and database from DATABASE_URL', () => {
    const settings = loadDatabaseSettings('crm', {
      DATABASE_URL: 'postgres://svc%40x:s3cr%2Ft@db:6543/brand',
    });
    expect(settings).toMatchObject({ role: 'svc@x', password: 's3cr/t', database: 'brand' });
  });

  it('rejects a malformed DATABASE_URL naming the variable', () => {
    expect(() => loadDatabaseSettings('crm', { DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadDatabaseSettings('crm', { DATABASE_URL: 'not a url' })).toThrow(
      /DATABASE_URL: expected a URL/,
    );
  });
});
