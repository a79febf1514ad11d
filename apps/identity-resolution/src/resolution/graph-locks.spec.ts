import { identifierLockKey, profileLockKey } from './graph-locks';

describe('lock keys', () => {
  it('are signed 64-bit integers taken from the identifier hash', () => {
    expect(identifierLockKey('ffffffffffffffff00')).toBe(-1n);
    expect(identifierLockKey('7fffffffffffffff')).toBe(9223372036854775807n);
  });

  it('differ between profiles and are stable', () => {
    expect(profileLockKey('cus_a')).toBe(profileLockKey('cus_a'));
    expect(profileLockKey('cus_a')).not.toBe(profileLockKey('cus_b'));
  });
});
