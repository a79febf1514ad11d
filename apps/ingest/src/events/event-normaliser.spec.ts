import { goldenFixture } from '@omni/contracts';
import { normaliseEvent } from './event-normaliser';
import { partitionKeyOf } from './partition-key';

const settings = { defaultPhoneRegion: 'CN', maxFutureMs: 3_600_000, maxPastMs: 730 * 86_400_000 };
const sender = { connectorId: 'tmall-flagship', channels: ['tmall' as const] };
const receivedAt = new Date('2025-06-18T12:31:12.000Z');

function order(overrides: Record<string, unknown> = {}) {
  const { connectorId: _ignored, ...fixture } = goldenFixture('order.placed', 1);
  return { ...fixture, ...overrides };
}

describe('normaliseEvent', () => {
  it('turns phones into E.164 with the default region and lower-cases trimmed emails', () => {
    const result = normaliseEvent(
      order({ identifiers: { phone: '138 0013 8000', email: ' Li.Na@Example.CN ' } }),
      sender,
      receivedAt,
      settings,
    );
    expect(result.ok && result.event.identifiers).toEqual({
      phone: '+8613800138000',
      email: 'li.na@example.cn',
    });
  });

  it('corrects occurredAt for client clock skew and writes every envelope time in UTC', () => {
    // The client clock is 2 s behind: it stamped sentAt 12:31:10Z for a request received at 12:31:12Z.
    const result = normaliseEvent(
      order({ occurredAt: '2025-06-18T20:31:09+08:00', sentAt: '2025-06-18T20:31:10+08:00' }),
      sender,
      receivedAt,
      settings,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.occurredAt).toBe('2025-06-18T12:31:11.000Z');
    expect(result.event.sentAt).toBe('2025-06-18T12:31:10.000Z');
    expect(result.event.receivedAt).toBe('2025-06-18T12:31:12.000Z');
    expect(result.event.connectorId).toBe('tmall-flagship');
  });

  it('rejects events dated impossibly far in the future or the past, with the reason', () => {
    const future = normaliseEvent(
      order({ occurredAt: '2025-06-20T00:00:00Z', sentAt: undefined }),
      sender,
      receivedAt,
      settings,
    );
    expect(future).toMatchObject({
      ok: false,
      errors: [{ path: 'occurredAt', message: expect.stringContaining('in the future') }],
    });
    const past = normaliseEvent(
      order({ occurredAt: '2020-01-01T00:00:00Z', sentAt: undefined }),
      sender,
      receivedAt,
      settings,
    );
    expect(past).toMatchObject({
      ok: false,
      errors: [{ path: 'occurredAt', message: expect.stringContaining('days in the past') }],
    });
  });

  it('rejects a channel the connector is not registered for and a connectorId that is not its own', () => {
    expect(normaliseEvent(order({ channel: 'jd' }), sender, receivedAt, settings)).toMatchObject({
      ok: false,
      errors: [{ path: 'channel' }],
    });
    expect(
      normaliseEvent(order({ connectorId: 'someone-else' }), sender, receivedAt, settings),
    ).toMatchObject({
      ok: false,
      eventId: 'tm-order-3960000123456789012',
      errors: [{ path: 'connectorId' }],
    });
  });

  it('rejects money that is not integer minor units with an ISO currency', () => {
    const payload = { ...(order().payload as object), total: { amount: 15.1, currency: 'cny' } };
    const result = normaliseEvent(order({ payload }), sender, receivedAt, settings);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([
      'payload.total.amount',
      'payload.total.currency',
    ]);
  });

  it('rejects a phone number that does not exist in its region', () => {
    const result = normaliseEvent(
      order({ identifiers: { phone: '+86 123 45' } }),
      sender,
      receivedAt,
      settings,
    );
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'identifiers.phone' }] });
  });
});

describe('partitionKeyOf', () => {
  const base = normaliseEvent(
    order({ identifiers: { platformUserId: 't_1' } }),
    sender,
    receivedAt,
    settings,
  );
  const event = base.ok ? base.event : undefined;

  it('uses the strongest identifier: memberId, unionId, phone, email, platformUserId, deviceId, anonymousId', () => {
    const withIds = (identifiers: Record<string, string>) =>
      partitionKeyOf({ ...event!, identifiers });
    expect(
      withIds({ anonymousId: 'a', deviceId: 'd', memberId: 'M1', phone: '+8613800138000' }),
    ).toBe('memberId:M1');
    expect(withIds({ anonymousId: 'a', wechatUnionId: 'u1', phone: '+8613800138000' })).toBe(
      'wechatUnionId:u1',
    );
    expect(withIds({ email: 'a@b.cn', phone: '+8613800138000' })).toBe('phone:+8613800138000');
    expect(withIds({ email: 'a@b.cn', platformUserId: 'p' })).toBe('email:a@b.cn');
    expect(withIds({ deviceId: 'd', platformUserId: 'p' })).toBe('platformUserId:tmall:p');
    expect(withIds({ deviceId: 'd', anonymousId: 'a' })).toBe('deviceId:d');
    expect(withIds({ anonymousId: 'a', cookieId: 'c' })).toBe('anonymousId:a');
  });

  it('keys reference feeds by their subject', () => {
    const snapshot = normaliseEvent(
      {
        ...goldenFixture('inventory.snapshot', 1),
        connectorId: undefined,
        occurredAt: receivedAt.toISOString(),
        sentAt: undefined,
      },
      { connectorId: 'c', channels: ['tmall', 'pos', 'jd', 'web', 'app'] },
      receivedAt,
      settings,
    );
    expect(snapshot.ok && partitionKeyOf(snapshot.event)).toMatch(/^sku:/);
  });
});
