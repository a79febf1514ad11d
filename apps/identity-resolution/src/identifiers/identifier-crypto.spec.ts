import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { HmacSha256, IdentifierCrypto, maskValue } from './identifier-crypto';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const hmacKey = randomBytes(32);

const cryptoWith = (activeKeyId: string) =>
  new IdentifierCrypto({
    hmacKey,
    encryptionKeys: new Map([
      ['a', keyA],
      ['b', keyB],
    ]),
    activeKeyId,
  });

describe('IdentifierCrypto', () => {
  it('seals a value that only opens under the same type and key', () => {
    const crypto = cryptoWith('a');
    const sealed = crypto.seal('phone', '+8613800000001');
    expect(sealed.keyId).toBe('a');
    expect(sealed.ciphertext).not.toContain('13800000001');
    expect(crypto.open('phone', sealed)).toBe('+8613800000001');
    expect(() => crypto.open('email', sealed)).toThrow();
  });

  it('still opens values sealed with an older key after the active key rotates', () => {
    const sealedWithA = cryptoWith('a').seal('email', 'li@example.com');
    const rotated = cryptoWith('b');
    expect(rotated.seal('email', 'li@example.com').keyId).toBe('b');
    expect(rotated.open('email', sealedWithA)).toBe('li@example.com');
  });

  it('hashes deterministically per scoped type', () => {
    const crypto = cryptoWith('a');
    expect(crypto.hash('phone', '+8613800000001')).toBe(
      cryptoWith('b').hash('phone', '+8613800000001'),
    );
    expect(crypto.hash('wechatOpenId:wx1', 'o1')).not.toBe(crypto.hash('wechatOpenId:wx2', 'o1'));
  });

  it('seals the same value with a fresh IV every time, across refills of the IV pool', () => {
    const crypto = cryptoWith('a');
    const ivs = Array.from({ length: 600 }, () =>
      Buffer.from(crypto.seal('phone', '+8613800000001').ciphertext, 'base64')
        .subarray(0, 12)
        .toString('hex'),
    );
    expect(new Set(ivs).size).toBe(ivs.length);
  });

  it('refuses an active key id that is not configured', () => {
    expect(() => cryptoWith('c')).toThrow(
      'the active encryption key c is not among the configured keys',
    );
  });
});

describe('maskValue', () => {
  it('hides the middle of a phone and the local part of an email', () => {
    expect(maskValue('phone', '+8613800138000')).toBe('+86*******8000');
    expect(maskValue('email', 'li.wei@example.com')).toBe('l***@example.com');
    expect(maskValue('memberId', 'M1')).toBe('**');
  });
});

describe('HmacSha256', () => {
  it('gives the same bytes as createHmac for any key and message, long keys and messages included', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 150 }),
        fc.string({ unit: 'binary', maxLength: 600 }),
        (key, message) => {
          const expected = createHmac('sha256', Buffer.from(key))
            .update(message, 'utf8')
            .digest('hex');
          expect(new HmacSha256(Buffer.from(key)).hex(message)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is the look-up hash of IdentifierCrypto, keyed by type and value', () => {
    const crypto = cryptoWith('a');
    expect(crypto.hash('phone', '+8613800000001')).toBe(
      createHmac('sha256', hmacKey).update('phone\u0000+8613800000001', 'utf8').digest('hex'),
    );
  });
});
