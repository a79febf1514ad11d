import { PhoneNormaliser } from './phone-normaliser';

describe('PhoneNormaliser', () => {
  it('gives E.164 for valid numbers and null for invalid ones, the same on a cached second call', () => {
    const phones = new PhoneNormaliser(10);
    for (let round = 0; round < 2; round++) {
      expect(phones.toE164('138 0013 8000', 'CN')).toBe('+8613800138000');
      expect(phones.toE164('+86 123 45', 'CN')).toBeNull();
    }
    expect(phones.size).toBe(2);
  });

  it('keys its answers by region as well as by the raw value', () => {
    const phones = new PhoneNormaliser(10);
    expect(phones.toE164('020 7946 0018', 'GB')).toBe('+442079460018');
    expect(phones.toE164('020 7946 0018', 'CN')).not.toBe('+442079460018');
  });

  it('never holds more than its bound, dropping the oldest entries first', () => {
    const phones = new PhoneNormaliser(3);
    for (const n of [1, 2, 3, 4, 5]) phones.toE164(`1380013800${n}`, 'CN');
    expect(phones.size).toBe(3);
    expect(phones.toE164('13800138005', 'CN')).toBe('+8613800138005');
  });
});
