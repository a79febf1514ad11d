import { waitForMessage } from '@omni/testing';
import {
  auth,
  channelEvent,
  resolvedCustomers,
  startIdentityHarness,
  type IdentityHarness,
} from './support/identity-harness';

type Change = {
  type: string;
  customerId: string;
  payload: { version: number; newIds?: string[]; mergedIds?: string[] };
};

describe('manual merge, split and erasure', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentityHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

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
      code: 'unauthorized',
      message: 'a valid admin token is required (Authorization: Bearer <token>)',
    });
  });

  it('answers a malformed merge with every problem and changes nothing', async () => {
    const response = await post('/v1/profiles/merge', { customerIds: ['only-one'], reason: '' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_request');
    expect(response.json().message).toContain('actor');
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
