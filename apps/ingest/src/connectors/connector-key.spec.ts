import {
  generateConnectorKey,
  hashConnectorSecret,
  parseConnectorKey,
  verifyConnectorSecret,
} from './connector-key';

const CONNECTOR_ID = 'tmall-flagship';

describe('connector keys', () => {
  it('carry the connector id and a random secret that parse back', () => {
    const key = generateConnectorKey(CONNECTOR_ID);
    const parsed = parseConnectorKey(key);
    expect(parsed?.connectorId).toBe(CONNECTOR_ID);
    expect(parsed?.secret.length).toBeGreaterThanOrEqual(40);
    expect(generateConnectorKey(CONNECTOR_ID)).not.toBe(key);
  });

  it('refuse keys that are not in the omni.<id>.<secret> form', () => {
    for (const key of [
      '',
      'omni',
      'omni.tmall',
      'x.tmall.abcdefghijklmnopqrstu',
      'omni.Tmall!.abcdefghijklmnopqrstu',
      'omni.tmall.short',
      'omni.a.b.c',
    ]) {
      expect(parseConnectorKey(key)).toBeUndefined();
    }
  });

  it('verify only the secret that was hashed, with scrypt parameters stored beside the hash', async () => {
    const stored = await hashConnectorSecret('the-secret-value-123', 1024);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(stored).not.toContain('the-secret-value-123');
    await expect(verifyConnectorSecret('the-secret-value-123', stored)).resolves.toBe(true);
    await expect(verifyConnectorSecret('the-secret-value-124', stored)).resolves.toBe(false);
    await expect(verifyConnectorSecret('the-secret-value-123', 'bcrypt$x')).resolves.toBe(false);
  });
});
