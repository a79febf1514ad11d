import { validateDownstreamEvent } from '@omni/contracts';
import { waitForMessage } from '@omni/testing';
import {
  auth,
  channelEvent,
  resolvedCustomers,
  useIdentityHarness,
} from './support/identity-harness';

type Resolved = { eventId: string; customerId?: string; profileVersion?: number; type: string };
type Change = { type: string; customerId: string; payload: Record<string, unknown> };

describe('resolving ingest.events.v1', () => {
  const h = useIdentityHarness();

  const send = (...events: { eventId: string; identifiers?: unknown }[]) =>
    h.producer.send(
      h.topics.input,
      events.map((value) => ({ key: value.eventId, value })),
    );

  const lookup = async (type: string, value: string) =>
    h.app.inject({
      method: 'GET',
      url: `/v1/profiles/lookup?type=${encodeURIComponent(type)}&value=${encodeURIComponent(value)}`,
      headers: auth,
    });

  it('one person across web, app, mini-program and store ends up under one customerId, announced by profile.merged', async () => {
    const web = channelEvent(
      'page.viewed',
      'web',
      { cookieId: 'ck-journey' },
      '2025-06-18T09:00:00+08:00',
    );
    const appOpen = channelEvent(
      'page.viewed',
      'app',
      { deviceId: 'dev-journey' },
      '2025-06-18T09:05:00+08:00',
    );
    const appLogin = channelEvent(
      'customer.identified',
      'app',
      { deviceId: 'dev-journey', phone: '+86 139-1111-2222' },
      '2025-06-18T09:06:00+08:00',
    );
    const webLogin = channelEvent(
      'customer.identified',
      'web',
      { cookieId: 'ck-journey', phone: '+8613911112222' },
      '2025-06-18T09:10:00+08:00',
    );
    const miniPay = channelEvent(
      'order.paid',
      'wechat-miniprogram',
      { wechatUnionId: 'union-journey', phone: '+8613911112222' },
      '2025-06-18T10:00:00+08:00',
    );
    const store = channelEvent(
      'order.placed',
      'pos',
      { loyaltyCard: 'LC-journey', phone: '+8613911112222' },
      '2025-06-19T15:00:00+08:00',
    );
    // In order, one at a time: a journey happens in sequence.
    for (const event of [web, appOpen, appLogin, webLogin, miniPay, store]) {
      await send(event);
      await resolvedCustomers(h.db, [event.eventId]);
    }
    const byEvent = await resolvedCustomers(h.db, [web.eventId, appOpen.eventId, store.eventId]);
    const survivor = byEvent.get(web.eventId);
    expect(byEvent.get(store.eventId)).toBe(survivor);
    for (const [type, value] of [
      ['cookieId', 'ck-journey'],
      ['deviceId', 'dev-journey'],
      ['phone', '+8613911112222'],
      ['wechatUnionId', 'union-journey'],
      ['loyaltyCard', 'LC-journey'],
    ]) {
      expect((await lookup(type, value)).json().customerId).toBe(survivor);
    }
    const merged = await waitForMessage<Change>(
      h.topics.changes,
      (m) => m.value.type === 'profile.merged' && m.value.customerId === survivor,
    );
    expect(merged.key).toBe(survivor);
    expect(merged.value.payload).toMatchObject({
      survivorId: survivor,
      mergedIds: [byEvent.get(appOpen.eventId)],
    });
    expect(validateDownstreamEvent(merged.value).ok).toBe(true);
    const resolved = await waitForMessage<Resolved>(
      h.topics.resolved,
      (m) => m.value.eventId === store.eventId,
    );
    expect(resolved.key).toBe(survivor);
    expect(resolved.value).toMatchObject({ customerId: survivor, type: 'order.placed' });
    expect(validateDownstreamEvent(resolved.value)).toMatchObject({ ok: true });
    const alias = await h.app.inject({
      method: 'GET',
      url: `/v1/profiles/${byEvent.get(appOpen.eventId)}`,
      headers: auth,
    });
    expect(alias.json()).toMatchObject({ customerId: survivor, status: 'active' });
    expect(
      alias
        .json()
        .identifiers.map((i: { type: string }) => i.type)
        .sort(),
    ).toEqual(['cookieId', 'deviceId', 'loyaltyCard', 'phone', 'wechatUnionId']);
    expect(JSON.stringify(alias.json())).not.toContain('13911112222');
    expect(
      alias
        .json()
        .links.every(
          (l: { sourceEventId: string; rule: string }) =>
            l.sourceEventId && l.rule === 'same-event',
        ),
    ).toBe(true);
  });

  it('two profiles with different memberIds are never merged automatically and the conflict is listed', async () => {
    const a = channelEvent(
      'customer.identified',
      'app',
      { memberId: 'M-conflict-1', phone: '+8613922223333' },
      '2025-06-18T09:00:00+08:00',
    );
    const b = channelEvent(
      'customer.identified',
      'pos',
      { memberId: 'M-conflict-2', email: 'conflict@example.com' },
      '2025-06-18T09:01:00+08:00',
    );
    const both = channelEvent(
      'order.paid',
      'web',
      { phone: '+8613922223333', email: 'conflict@example.com' },
      '2025-06-18T09:02:00+08:00',
    );
    await send(a, b);
    await resolvedCustomers(h.db, [a.eventId, b.eventId]);
    await send(both);
    const ids = await resolvedCustomers(h.db, [a.eventId, b.eventId, both.eventId]);
    expect(ids.get(a.eventId)).not.toBe(ids.get(b.eventId));
    const conflicts = (
      await h.app.inject({ method: 'GET', url: '/v1/conflicts', headers: auth })
    ).json();
    expect(conflicts).toContainEqual(
      expect.objectContaining({
        profileIds: [ids.get(a.eventId), ids.get(b.eventId)],
        rule: 'strong-conflict',
        sourceEventId: both.eventId,
        status: 'open',
      }),
    );
  });

  it('a shared test number is never linked, so two shoppers typing it stay apart', async () => {
    const one = channelEvent(
      'order.placed',
      'pos',
      { loyaltyCard: 'LC-blocked-1', phone: '+8613800138000' },
      '2025-06-18T09:00:00+08:00',
    );
    const two = channelEvent(
      'order.placed',
      'pos',
      { loyaltyCard: 'LC-blocked-2', phone: '+8613800138000' },
      '2025-06-18T09:30:00+08:00',
    );
    await send(one, two);
    const ids = await resolvedCustomers(h.db, [one.eventId, two.eventId]);
    expect(ids.get(one.eventId)).not.toBe(ids.get(two.eventId));
    expect((await lookup('phone', '+8613800138000')).statusCode).toBe(404);
    const drops = await h.db.dataSource.query(
      `SELECT rule, reason FROM resolution_drops WHERE source_event_id = $1`,
      [one.eventId],
    );
    expect(drops).toEqual([
      { rule: 'blocked-value', reason: 'phone is on the configured blocked list' },
    ]);
  });

  it('an event that only carries a cookie gets an anonymous profile of its own', async () => {
    const anonymous = channelEvent(
      'page.viewed',
      'web',
      { anonymousId: 'anon-alone' },
      '2025-06-18T09:00:00+08:00',
    );
    await send(anonymous);
    const ids = await resolvedCustomers(h.db, [anonymous.eventId]);
    const resolved = await waitForMessage<Resolved>(
      h.topics.resolved,
      (m) => m.value.eventId === anonymous.eventId,
    );
    expect(resolved.value).toMatchObject({
      customerId: ids.get(anonymous.eventId),
      profileVersion: 1,
    });
  });

  it('a redelivered event links nothing twice', async () => {
    const event = channelEvent(
      'customer.identified',
      'app',
      { deviceId: 'dev-twice', email: 'twice@example.com' },
      '2025-06-18T09:00:00+08:00',
    );
    await send(event, event);
    await resolvedCustomers(h.db, [event.eventId]);
    const marker = channelEvent(
      'page.viewed',
      'app',
      { deviceId: 'dev-twice' },
      '2025-06-18T09:01:00+08:00',
    );
    await send(marker);
    await resolvedCustomers(h.db, [marker.eventId]);
    const [{ n }] = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM links WHERE source_event_id = $1`,
      [event.eventId],
    );
    expect(n).toBe(1);
  });

  it('a malformed message goes to the dead-letter table and the partition keeps moving', async () => {
    const bad = { eventId: 'bad-envelope', type: 'page.viewed', version: 1 };
    const after = channelEvent(
      'page.viewed',
      'web',
      { cookieId: 'ck-after-bad' },
      '2025-06-18T09:00:00+08:00',
    );
    await h.producer.send(h.topics.input, [
      { key: 'same-key', value: bad },
      { key: 'same-key', value: after },
    ]);
    await resolvedCustomers(h.db, [after.eventId]);
    const rows = await h.db.dataSource.query(`SELECT error FROM dead_letters WHERE topic = $1`, [
      h.topics.input,
    ]);
    expect(rows).toHaveLength(1);
  });
});
