import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Connector ids appear in keys, metrics and Kafka keys: short, lower-case, URL-safe. */
export const CONNECTOR_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

const KEY_PREFIX = 'omni';

/**
 * A connector key is `omni.<connectorId>.<secret>`: the id says which hash to check, so
 * authentication costs one scrypt, not one per connector.
 */
export function generateConnectorKey(connectorId: string): string {
  return `${KEY_PREFIX}.${connectorId}.${randomBytes(32).toString('base64url')}`;
}

export function parseConnectorKey(
  key: string,
): { connectorId: string; secret: string } | undefined {
  const parts = key.split('.');
  if (parts.length !== 3 || parts[0] !== KEY_PREFIX) return undefined;
  const [, connectorId, secret] = parts;
  if (!CONNECTOR_ID_PATTERN.test(connectorId) || !/^[A-Za-z0-9_-]{16,128}$/.test(secret))
    return undefined;
  return { connectorId, secret };
}

function derive(
  secret: string,
  salt: Buffer,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

// 128·N·r bytes of memory per hash; N up to 2^20 needs more than Node's 32 MiB default.
const maxmem = (n: number, r: number) => 256 * n * r;

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash so the cost can be raised later. */
export async function hashConnectorSecret(secret: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const r = 8;
  const p = 1;
  const hash = await derive(secret, salt, 32, { N: cost, r, p, maxmem: maxmem(cost, r) });
  return ['scrypt', cost, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Recomputes the hash with the stored parameters and compares in constant time. */
export async function verifyConnectorSecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const N = Number(n);
  const R = Number(r);
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: R,
    p: Number(p),
    maxmem: maxmem(N, R),
  });
  return timingSafeEqual(actual, expected);
}
