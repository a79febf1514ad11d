import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hash,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/** An identifier value as stored: AES-256-GCM ciphertext and the id of the key that sealed it. */
export type SealedValue = { keyId: string; ciphertext: string };

export type IdentifierCryptoKeys = {
  /** Keys the look-up HMAC; changing it needs a re-hash of every stored identifier. */
  hmacKey: Buffer;
  /** Every encryption key still needed to read stored values, by key id. */
  encryptionKeys: ReadonlyMap<string, Buffer>;
  /** The key new values are sealed with. */
  activeKeyId: string;
};

const IV_BYTES = 12;
const TAG_BYTES = 16;
const SHA256_BLOCK_BYTES = 64;

// IVs are cut from random bytes drawn 3 KiB at a time: each randomBytes call costs microseconds.
const IVS_PER_DRAW = 256;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * IVS_PER_DRAW);
    ivOffset = 0;
  }
  ivOffset += IV_BYTES;
  return ivPool.subarray(ivOffset - IV_BYTES, ivOffset);
}

/**
 * HMAC-SHA256 (RFC 2104) with the key's two padded blocks computed once, over Node's one-shot
 * `hash`. The same bytes as `createHmac('sha256', key)`, about five times cheaper per call on
 * Node 24, where every `createHmac` fetches an OpenSSL EVP_MAC anew (nodejs/node#63942): at
 * one or two identifiers per event, that construction was a visible share of resolution.
 */
export class HmacSha256 {
  private readonly innerPad: Buffer;
  /** The inner pad, then room for a message: each one is written after it, not concatenated. */
  private readonly inner = Buffer.alloc(SHA256_BLOCK_BYTES + 1024);
  /** The outer pad, then the inner digest. */
  private readonly outer = Buffer.alloc(SHA256_BLOCK_BYTES + 32);

  constructor(key: Buffer) {
    const block = Buffer.alloc(SHA256_BLOCK_BYTES);
    (key.length > SHA256_BLOCK_BYTES ? hash('sha256', key, 'buffer') : key).copy(block);
    this.innerPad = Buffer.from(block.map((byte) => byte ^ 0x36));
    this.innerPad.copy(this.inner);
    Buffer.from(block.map((byte) => byte ^ 0x5c)).copy(this.outer);
  }

  hex(message: string): string {
    // Synchronous from start to end, so the shared buffers are never used twice at once.
    const room = this.inner.length - SHA256_BLOCK_BYTES;
    const input =
      message.length * 3 <= room
        ? this.inner.subarray(
            0,
            SHA256_BLOCK_BYTES + this.inner.write(message, SHA256_BLOCK_BYTES, 'utf8'),
          )
        : Buffer.concat([this.innerPad, Buffer.from(message, 'utf8')]);
    (hash('sha256', input, 'buffer') as Buffer).copy(this.outer, SHA256_BLOCK_BYTES);
    return hash('sha256', this.outer, 'hex');
  }
}

/**
 * Keyed hashes for look-ups and authenticated encryption for stored values, so the identity
 * schema never holds a raw phone, email or id. The scoped type is bound into both, so the
 * same string under two types neither collides nor decrypts under the wrong one.
 */
export class IdentifierCrypto {
  // Key objects built once: importing a raw key on every call was a hot spot under load.
  private readonly hmac: HmacSha256;
  private readonly encryptionKeys: Map<string, KeyObject>;

  constructor(private readonly keys: IdentifierCryptoKeys) {
    if (!keys.encryptionKeys.has(keys.activeKeyId)) {
      throw new Error(
        `the active encryption key ${keys.activeKeyId} is not among the configured keys`,
      );
    }
    this.hmac = new HmacSha256(keys.hmacKey);
    this.encryptionKeys = new Map(
      [...keys.encryptionKeys].map(([id, key]) => [id, createSecretKey(key)]),
    );
  }

  /** The HMAC-SHA256 of the normalised value under its scoped type, hex encoded. */
  hash(type: string, value: string): string {
    return this.hmac.hex(`${type}\u0000${value}`);
  }

  seal(type: string, value: string): SealedValue {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.key(this.keys.activeKeyId), iv);
    cipher.setAAD(Buffer.from(type, 'utf8'));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return {
      keyId: this.keys.activeKeyId,
      ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'),
    };
  }

  open(type: string, sealed: SealedValue): string {
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.key(sealed.keyId),
      raw.subarray(0, IV_BYTES),
    );
    decipher.setAAD(Buffer.from(type, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  private key(keyId: string): KeyObject {
    const key = this.encryptionKeys.get(keyId);
    if (key === undefined) throw new Error(`no encryption key with id ${keyId} is configured`);
    return key;
  }
}

/** Shows enough of a value to recognise it, never enough to use it: `+86******8000`, `a***@example.com`. */
export function maskValue(baseType: string, value: string): string {
  if (baseType === 'email') {
    const at = value.indexOf('@');
    return at > 0 ? `${value[0]}***${value.slice(at)}` : '***';
  }
  if (value.length <= 4) return '*'.repeat(value.length);
  const visible = Math.min(4, Math.floor(value.length / 3));
  return `${value.slice(0, Math.min(3, visible))}${'*'.repeat(value.length - visible - Math.min(3, visible))}${value.slice(-visible)}`;
}
