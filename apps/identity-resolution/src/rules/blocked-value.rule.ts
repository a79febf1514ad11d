import type { IdentifierRule } from './identity-rule';
import { ALLOW } from './identity-rule';

const ALWAYS_BLOCKED = new Set([
  '',
  'null',
  'undefined',
  'anonymous',
  'nil',
  'none',
  'unknown',
  'n/a',
]);

/** A placeholder, not a person: empty or null-ish strings, all zeros, phones of one repeated digit, configured test values. */
export const blockedValueRule: IdentifierRule = {
  name: 'blocked-value',
  check(identifier, policy) {
    const value = identifier.value.trim().toLowerCase();
    const block = (reason: string) => ({
      ok: false as const,
      rule: 'blocked-value',
      reason,
      conflict: false,
    });
    if (ALWAYS_BLOCKED.has(value)) return block(`${identifier.type} is a placeholder value`);
    if (/^[0\W_]+$/.test(value)) return block(`${identifier.type} is all zeros`);
    if (policy.blockedValues.has(value))
      return block(`${identifier.type} is on the configured blocked list`);
    if (identifier.baseType === 'phone') {
      const digits = value.replace(/\D/g, '');
      // Country code aside, a number of one repeated digit is a till or form default.
      const national = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
      if (/^(\d)\1*$/.test(national)) return block('phone is one repeated digit');
      if (policy.blockedValues.has(digits) || policy.blockedValues.has(national)) {
        return block('phone is on the configured blocked list');
      }
    }
    return ALLOW;
  },
};
