import { ConfigError, parseConfig } from '@omni/config';
import { platformSettings } from '../service-config';
import { adminTokenVariable } from './admin-token';

const identity = { name: 'identity-resolution', schema: 'identity', port: 3002 };
const adminToken = (source: Record<string, string>) =>
  parseConfig(platformSettings(identity), source).adminToken;

describe('the admin token setting', () => {
  it('reads the variable named after the service schema', () => {
    expect(adminTokenVariable(identity)).toBe('IDENTITY_ADMIN_TOKEN');
    expect(
      adminToken({ NODE_ENV: 'production', IDENTITY_ADMIN_TOKEN: 'a-long-enough-token' }),
    ).toBe('a-long-enough-token');
  });

  it('falls back to the documented development token outside production', () => {
    expect(adminToken({ NODE_ENV: 'development' })).toBe('dev-identity-admin-token');
    expect(adminToken({ NODE_ENV: 'test' })).toBe('dev-identity-admin-token');
  });

  it('stops start-up in production without a token, naming the variable', () => {
    const attempt = () => adminToken({ NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/IDENTITY_ADMIN_TOKEN: is required when NODE_ENV=production/);
  });

  it('refuses a short token without echoing it', () => {
    const attempt = () => adminToken({ IDENTITY_ADMIN_TOKEN: 'short' });
    expect(attempt).toThrow(
      /IDENTITY_ADMIN_TOKEN: expected at least 16 characters \(got "\*\*\*"\)/,
    );
  });
});
