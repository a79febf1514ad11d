import { blockedValueRule } from './blocked-value.rule';
import { DEFAULT_POLICY } from './identity-policy';
import { identifier } from './test-members.spec-helper';

const verdict = (...args: Parameters<typeof identifier>) =>
  blockedValueRule.check(identifier(...args), DEFAULT_POLICY);

describe('the blocked-value rule', () => {
  it.each(['null', 'undefined', 'anonymous', 'NULL', '0', '0000', ''])(
    'blocks the placeholder %j',
    (value) => {
      expect(verdict('anonymousId', value).ok).toBe(false);
    },
  );

  it('blocks phones of one repeated digit, with or without the country code', () => {
    expect(verdict('phone', '+8611111111111')).toMatchObject({
      ok: false,
      reason: 'phone is one repeated digit',
    });
    expect(verdict('phone', '00000000000').ok).toBe(false);
  });

  it('blocks configured shared test numbers however they are written', () => {
    expect(verdict('phone', '+8613800138000')).toMatchObject({ ok: false, rule: 'blocked-value' });
    expect(verdict('email', 'Test@Test.com').ok).toBe(false);
  });

  it('lets a real phone and a real cookie through', () => {
    expect(verdict('phone', '+8613912345678')).toEqual({ ok: true });
    expect(verdict('cookieId', 'ck-9f2a')).toEqual({ ok: true });
  });
});
