import { eventDedupeKey, HEADERS } from '@omni/contracts';
import { waitForMessage } from '@omni/testing';
import {
  auth,
  channelEvent,
  resolvedCustomers,
  useIdentityHarness,
} from './support/identity-harness';

type Change = {
  type: string;
  customerId: string;
  payload: { version: number; newIds?: string[]; mergedIds?: string[] };
};

describe('manual merge, split and erasure', () => {
  const h = useIdentityHarness();

  const post = (url: string, payload: object) =>
    h.app.inject({ method: 'POST', url, headers: auth, payload });
  const resolve = async (...events: ReturnType<typeof channelEvent>[]) => {
    await h.producer.send(
      h.topics.input,
      events.map((value) => ({ key: value.eventId, value })),
    );
    return resolvedCustomers(
      h.db,
      events.map((e) => e.eventId),
    );
  };

  it('refuses the admin API without the admin token', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/v1/conflicts' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      code: 'invalid_admin_token',
      message: 'send Authorization: Bearer <admin token>',
    });
  });

  it('answers a malformed merge with every problem and changes nothing', async () => {
    const response = await post('/v1/profiles/merge', { customerIds: ['only-one'], reason: '' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_request');
    expect(response.json().message).toContain('actor');
  });

  describe('ids with a NUL or another control character answer 400 naming the field, never 500', () => {
    const nul = 'cus_a\u0000b';
    const audit = { actor: 'ops:test', reason: 'fuzz' };

    it.each([
      [
        'a profile look-up',
        () => h.app.inject({ method: 'GET', url: '/v1/profiles/a%00b', headers: auth }),
        'customerId',
      ],
      [
        'a look-up by identifier',
        () =>
          h.app.inject({
            method: 'GET',
            url: '/v1/profiles/lookup?type=phone&value=%2B86%00139',
            headers: auth,
          }),
        'value',
      ],
      [
        'a split of such a profile',
        () =>
          post('/v1/profiles/a%00b/split', {
            identifiers: [{ type: 'phone', value: '+8613900000000' }],
            ...audit,
          }),
        'customerId',
      ],
      [
        'a split naming such an identifier',
        () =>
          post('/v1/profiles/cus_x/split', {
            identifiers: [{ type: 'phone', value: '+86139\u0000' }],
            ...audit,
          }),
        'identifiers.0.value',
      ],
      [
        'a merge',
        () => post('/v1/profiles/merge', { customerIds: ['cus_x', nul], ...audit }),
        'customerIds.1',
      ],
      [
        'a merge by such an actor',
        () =>
          post('/v1/profiles/merge', {
            customerIds: ['cus_x', 'cus_y'],
            actor: 'ops\u001b[2J',
            reason: 'r',
          }),
        'actor',
      ],
      ['an erasure', () => post('/v1/erasures', { customerId: nul }), 'customerId'],
      [
        'an erasure with such a reason',
        () => post('/v1/erasures', { customerId: 'cus_x', reason: 'dsr\u0000' }),
        'reason',
      ],
    ])('in %s', async (_what, send, path) => {
      const response = await send();
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        code: 'invalid_request',
        message: expect.stringContaining(`${path}: must not contain control characters`),
        details: { issues: [{ path, message: expect.any(String) }] },
      });
    });
  });

  it("answers the framework's own errors with the one error body", async () => {
    const malformed = await h.app.inject({
      method: 'POST',
      url: '/v1/erasures',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"customerId": ',
    });
    expect([malformed.statusCode, malformed.json()]).toEqual([
      400,
      { code: 'malformed_json', message: expect.any(String) },
    ]);
    const unknown = await h.app.inject({ method: 'GET', url: '/v1/nowhere', headers: auth });
    expect([unknown.statusCode, unknown.json()]).toEqual([
      404,
      { code: 'not_found', message: expect.any(String) },
    ]);
  });

  it('merge, split and merge again emit profile changes with increasing versions; a dry run changes nothing', async () => {
    const first = channelEvent(
      'customer.identified',
      'app',
      { phone: '+8613933334444', deviceId: 'dev-admin' },
      '2025-06-01T09:00:00+08:00',
    );
    const second = channelEvent(
      'customer.identified',
      'web',
      { email: 'admin-case@example.com', cookieId: 'ck-admin' },
      '2025-06-02T09:00:00+08:00',
    );
    const ids = await resolve(first, second);
    const [older, newer] = [ids.get(first.eventId) as string, ids.get(second.eventId) as string];

    const dry = await post('/v1/profiles/merge', {
      customerIds: [newer, older],
      actor: 'ops:test',
      reason: 'dry',
      dryRun: true,
    });
    expect(dry.json()).toMatchObject({
      dryRun: true,
      survivorId: older,
      mergedIds: [newer],
      identifierCount: 4,
    });
    expect(
      (await h.app.inject({ method: 'GET', url: `/v1/profiles/${newer}`, headers: auth })).json()
        .customerId,
    ).toBe(newer);

    const merged = await post('/v1/profiles/merge', {
      customerIds: [newer, older],
      actor: 'ops:test',
      reason: 'customer confirmed both accounts',
    });
    expect(merged.json()).toMatchObject({ dryRun: false, survivorId: older, mergedIds: [newer] });
    const split = await post(`/v1/profiles/${newer}/split`, {
      identifiers: [
        { type: 'email', value: 'ADMIN-case@example.com' },
        { type: 'cookieId', value: 'ck-admin' },
      ],
      actor: 'ops:test',
      reason: 'wrong merge',
    });
    expect(split.statusCode).toBe(200);
    expect(split.json()).toMatchObject({ fromId: older, identifierCounts: [2], retractedLinks: 1 });
    const again = await post('/v1/profiles/merge', {
      customerIds: [older, split.json().newIds[0]],
      actor: 'ops:test',
      reason: 'it was right after all',
    });

    const versions = [merged.json().version, split.json().version, again.json().version];
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(3);
    const splitEvent = await waitForMessage<Change>(
      h.topics.changes,
      (m) => m.value.type === 'profile.split' && m.value.customerId === older,
    );
    expect(splitEvent.value.payload).toEqual({
      fromId: older,
      newIds: split.json().newIds,
      version: split.json().version,
      part: 1,
      parts: 1,
      moves: [{ customerId: split.json().newIds[0], eventKeys: [eventDedupeKey(second)] }],
    });
    const lastMerge = await waitForMessage<Change>(
      h.topics.changes,
      (m) => m.value.type === 'profile.merged' && m.value.payload.version === again.json().version,
    );
    expect(lastMerge.key).toBe(older);

    const profile = (
      await h.app.inject({ method: 'GET', url: `/v1/profiles/${older}`, headers: auth })
    ).json();
    expect(profile.history.map((c: { kind: string; actor: string }) => [c.kind, c.actor])).toEqual([
      ['merged', 'ops:test'],
      ['split', 'ops:test'],
      ['merged', 'ops:test'],
    ]);
    expect(profile.links.some((l: { active: boolean }) => !l.active)).toBe(true);
  });

  it('a manual split publishes profile.split v2 naming, per new customerId, the past events that now belong to it', async () => {
    const phoneAndDevice = channelEvent(
      'customer.identified',
      'app',
      { phone: '+8613977778888', deviceId: 'dev-split-keys' },
      '2025-06-01T09:00:00+08:00',
    );
    const emailAndCookie = channelEvent(
      'customer.identified',
      'web',
      { email: 'split-keys@example.com', cookieId: 'ck-split-keys' },
      '2025-06-02T09:00:00+08:00',
    );
    const ids = await resolve(phoneAndDevice, emailAndCookie);
    const person = ids.get(phoneAndDevice.eventId) as string;
    const merged = await post('/v1/profiles/merge', {
      customerIds: [person, ids.get(emailAndCookie.eventId) as string],
      actor: 'ops:test',
      reason: 'looked like one person',
    });
    expect(merged.json().survivorId).toBe(person);
    // Resolved after the merge, straight to the survivor: one through the cookie, one through the phone.
    const cookieOnly = channelEvent(
      'page.viewed',
      'web',
      { cookieId: 'ck-split-keys' },
      '2025-06-03T09:00:00+08:00',
    );
    const phoneOnly = channelEvent(
      'page.viewed',
      'app',
      { phone: '+8613977778888' },
      '2025-06-03T10:00:00+08:00',
    );
    const later = await resolve(cookieOnly, phoneOnly);
    expect([later.get(cookieOnly.eventId), later.get(phoneOnly.eventId)]).toEqual([person, person]);

    const split = await post(`/v1/profiles/${person}/split`, {
      identifiers: [
        { type: 'email', value: 'split-keys@example.com' },
        { type: 'cookieId', value: 'ck-split-keys' },
      ],
      actor: 'ops:test',
      reason: 'two people after all',
    });
    expect(split.statusCode).toBe(200);
    const [newId] = split.json().newIds;
    const published = await waitForMessage<Change & { version: number }>(
      h.topics.changes,
      (m) => m.value.type === 'profile.split' && m.value.customerId === person,
    );
    expect(published.key).toBe(person);
    expect(published.headers[HEADERS.eventVersion]).toBe('2');
    expect(published.value.version).toBe(2);
    expect(published.value.payload).toEqual({
      fromId: person,
      newIds: [newId],
      version: split.json().version,
      part: 1,
      parts: 1,
      moves: [
        {
          customerId: newId,
          eventKeys: [eventDedupeKey(emailAndCookie), eventDedupeKey(cookieOnly)],
        },
      ],
    });
  });

  it('after erasure, replayed events link nothing again and no raw identifier is left in the schema', async () => {
    const events = [
      channelEvent(
        'customer.identified',
        'app',
        { phone: '+8613955556666', memberId: 'M-erase-me', deviceId: 'dev-erase-me' },
        '2025-06-01T09:00:00+08:00',
      ),
      channelEvent(
        'order.paid',
        'web',
        { email: 'erase.me@example.com', memberId: 'M-erase-me' },
        '2025-06-02T09:00:00+08:00',
      ),
    ];
    const ids = await resolve(...events);
    const customerId = ids.get(events[0].eventId) as string;
    await waitForMessage(
      h.topics.resolved,
      (m) => (m.value as { eventId: string }).eventId === events[1].eventId,
    );

    const erased = await post('/v1/erasures', {
      customerId,
      actor: 'dpo:test',
      reason: 'PIPL request',
    });
    expect(erased.json()).toMatchObject({ customerId, erasedIdentifiers: 4 });
    const announced = await waitForMessage<Change>(
      h.topics.changes,
      (m) => m.value.type === 'profile.erased' && m.value.customerId === customerId,
    );
    expect(announced.value.payload).toEqual({ customerId, version: erased.json().version });

    const replayed = events.map((e) => ({ ...e, eventId: `${e.eventId}-replay` }));
    const after = await resolve(...replayed);
    expect(new Set(after.values()).size).toBe(2);
    const [{ n }] = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM identifiers WHERE profile_id = ANY($1::text[])`,
      [[...after.values()]],
    );
    expect(n).toBe(0);
    const flags = await h.db.dataSource.query(
      `SELECT suppressed FROM profiles WHERE customer_id = ANY($1::text[])`,
      [[...after.values()]],
    );
    expect(flags).toEqual([{ suppressed: true }, { suppressed: true }]);

    // Wait until the relay has published the replayed events, then search every text column.
    await waitForMessage(
      h.topics.resolved,
      (m) => (m.value as { eventId: string }).eventId === replayed[1].eventId,
    );
    const columns: { table_name: string; column_name: string }[] = await h.db.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND data_type IN ('text', 'bytea', 'jsonb', 'ARRAY') AND table_name <> 'dead_letters'`,
      [h.db.schema],
    );
    for (const needle of ['13955556666', 'M-erase-me', 'dev-erase-me', 'erase.me@example.com']) {
      for (const { table_name, column_name } of columns) {
        const [{ hits }] = await h.db.dataSource.query(
          `SELECT count(*)::int AS hits FROM "${table_name}" WHERE encode(convert_to("${column_name}"::text, 'UTF8'), 'escape') LIKE $1`,
          [`%${needle}%`],
        );
        expect({ table_name, column_name, needle, hits }).toEqual({
          table_name,
          column_name,
          needle,
          hits: 0,
        });
      }
    }
  });
});
