import { DEFAULT_POLICY } from './identity-policy';
import { limitRule } from './limit.rule';
import { at, member } from './test-members.spec-helper';

const eventTime = at('2025-06-30T00:00:00Z');

describe('the limit rule', () => {
  it('allows a second phone and refuses a third', () => {
    const current = [member('phone', 'p1', 'A'), member('phone', 'p2', 'A')];
    expect(
      limitRule.check(
        { current: current.slice(0, 1), incoming: [member('phone', 'p2', null)], eventTime },
        DEFAULT_POLICY,
      ),
    ).toEqual({ ok: true });
    expect(
      limitRule.check(
        { current, incoming: [member('phone', 'p3', null)], eventTime },
        DEFAULT_POLICY,
      ),
    ).toMatchObject({
      ok: false,
      rule: 'limit',
      reason: 'phone would reach 3 values, over its limit of 2 ever',
    });
  });

  it('refuses a second memberId ever', () => {
    const verdict = limitRule.check(
      {
        current: [member('memberId', 'm1', null)],
        incoming: [member('memberId', 'm2', 'B')],
        eventTime,
      },
      DEFAULT_POLICY,
    );
    expect(verdict).toMatchObject({ ok: false, conflict: false });
  });

  it('counts devices only within their 30-day window', () => {
    const old = Array.from({ length: 10 }, (_, i) =>
      member('deviceId', `old${i}`, 'A', at('2025-05-01T00:00:00Z')),
    );
    const recent = Array.from({ length: 10 }, (_, i) =>
      member('deviceId', `new${i}`, 'A', at('2025-06-20T00:00:00Z')),
    );
    const incoming = [member('deviceId', 'd-next', null, eventTime)];
    expect(limitRule.check({ current: old, incoming, eventTime }, DEFAULT_POLICY)).toEqual({
      ok: true,
    });
    expect(limitRule.check({ current: recent, incoming, eventTime }, DEFAULT_POLICY)).toMatchObject(
      {
        ok: false,
        reason: 'deviceId would reach 11 values, over its limit of 10 per 30 days',
      },
    );
  });

  it('never limits cookies', () => {
    const cookies = Array.from({ length: 500 }, (_, i) => member('cookieId', `c${i}`, 'A'));
    expect(
      limitRule.check(
        { current: cookies, incoming: [member('cookieId', 'c-new', null)], eventTime },
        DEFAULT_POLICY,
      ),
    ).toEqual({ ok: true });
  });

  it('limits scoped types per scope, so one openId per app is fine across apps', () => {
    const current = [member('wechatOpenId', 'o1', 'A', undefined, 'wechatOpenId:wx1')];
    const otherApp = [member('wechatOpenId', 'o2', null, undefined, 'wechatOpenId:wx2')];
    const sameApp = [member('wechatOpenId', 'o3', null, undefined, 'wechatOpenId:wx1')];
    expect(limitRule.check({ current, incoming: otherApp, eventTime }, DEFAULT_POLICY)).toEqual({
      ok: true,
    });
    expect(limitRule.check({ current, incoming: sameApp, eventTime }, DEFAULT_POLICY).ok).toBe(
      false,
    );
  });

  it('follows a configured limit', () => {
    const policy = {
      ...DEFAULT_POLICY,
      types: { ...DEFAULT_POLICY.types, email: { ...DEFAULT_POLICY.types.email, limit: 1 } },
    };
    expect(
      limitRule.check(
        {
          current: [member('email', 'e1', 'A')],
          incoming: [member('email', 'e2', null)],
          eventTime,
        },
        policy,
      ).ok,
    ).toBe(false);
  });
});
