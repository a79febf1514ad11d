import { eventDedupeKey } from '@omni/contracts';
import { eventsOn, testReader, uniqueSuffix, useHarness } from '@omni/testing';
import { auth, eventually, processed, resolvedEvent, startCrmHarness } from './support/crm-harness';

type Changed = {
  type: string;
  eventId: string;
  customerId: string;
  causationId: string;
  payload: { segmentId: string; change: string };
};

describe('segments with rules over profile traits', () => {
  const h = useHarness(() => startCrmHarness({ CRM_INSIGHTS_ASSESSOR_ENABLED: 'false' }));
  const reader = useHarness(() => testReader(h.topics.customerChanges));
  const suffix = uniqueSuffix();
  const [hz, sh] = [`cus_tr_hz_${suffix}`, `cus_tr_sh_${suffix}`];

  const identified = (customerId: string, traits: Record<string, unknown>, at: string) =>
    resolvedEvent('customer.identified', customerId, {
      occurredAt: new Date(at),
      payload: { traits },
    });

  const members = async (segmentId: string) =>
    (
      (
        await h.app.inject({
          method: 'GET',
          url: `/v1/segments/${segmentId}/members`,
          headers: auth,
        })
      ).json() as { members: { customerId: string }[] }
    ).members.map((m) => m.customerId);

  it('a segment over traits is filled at creation, and follows trait changes by event time (joins and leaves published)', async () => {
    const events = [
      identified(hz, { city: 'Hangzhou', gender: 'female' }, '2026-06-01T10:00:00Z'),
      identified(sh, { city: 'Shanghai', gender: 'female' }, '2026-06-01T10:00:00Z'),
    ];
    await h.send(h.topics.resolvedEvents, ...events);
    await eventually(() => processed(h.db, events), 'the identifications');

    const created = await h.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: auth,
      payload: {
        name: `Hangzhou members ${suffix}`,
        rule: {
          all: [
            { field: 'traits.city', op: 'in', value: ['Hangzhou', 'Suzhou'] },
            { field: 'traits.gender', op: 'eq', value: 'female' },
          ],
        },
        actor: 'ops:test',
      },
    });
    expect(created.statusCode).toBe(201);
    const { segmentId } = created.json() as { segmentId: string };
    expect(await members(segmentId)).toEqual([hz]);

    // The Shanghai customer moves to Suzhou: joins. An older event (earlier city) changes nothing.
    const moved = identified(sh, { city: 'Suzhou' }, '2026-06-02T10:00:00Z');
    const stale = identified(hz, { city: 'Beijing' }, '2026-05-01T10:00:00Z');
    await h.send(h.topics.resolvedEvents, moved, stale);
    await eventually(
      async () => ((await members(segmentId)).length === 2 ? true : undefined),
      'the customer who moved to Suzhou to join',
    );
    expect((await members(segmentId)).sort()).toEqual([hz, sh].sort());

    // The Hangzhou customer moves away (a later event): leaves, and the leave is published.
    const away = identified(hz, { city: 'Beijing' }, '2026-06-03T10:00:00Z');
    await h.send(h.topics.resolvedEvents, away);
    await eventually(
      async () => ((await members(segmentId)).length === 1 ? true : undefined),
      'the customer who moved away to leave',
    );
    expect(await members(segmentId)).toEqual([sh]);
    const published = await eventually(async () => {
      const changes = (eventsOn(reader) as unknown as Changed[]).filter(
        (e) => e.type === 'customer.segment-changed' && e.payload.segmentId === segmentId,
      );
      return changes.length === 3 ? changes : undefined;
    }, 'the joins and the leave');
    expect(published.map((e) => [e.customerId, e.payload.change]).sort()).toEqual(
      [
        [hz, 'joined'],
        [sh, 'joined'],
        [hz, 'left'],
      ].sort(),
    );
    // A change an event caused names that event, so a split can move what others did about it;
    // the join at the segment's creation has no event behind it and names itself.
    const causeOf = (customerId: string, change: string) =>
      published.find((e) => e.customerId === customerId && e.payload.change === change)!;
    expect(causeOf(sh, 'joined').causationId).toBe(
      eventDedupeKey(moved as { eventId: string; connectorId?: string }),
    );
    expect(causeOf(hz, 'left').causationId).toBe(
      eventDedupeKey(away as { eventId: string; connectorId?: string }),
    );
    expect(causeOf(hz, 'joined').causationId).toBe(causeOf(hz, 'joined').eventId);
  });

  it('refuses a malformed trait condition with 400 and creates nothing', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: auth,
      payload: {
        name: `bad ${suffix}`,
        rule: { field: 'traits.gender', op: 'gt', value: 'three' },
        actor: 'ops:test',
      },
    });
    expect([response.statusCode, response.json().code]).toEqual([400, 'invalid_request']);
    const list = (
      await h.app.inject({ method: 'GET', url: '/v1/segments', headers: auth })
    ).json() as { name: string }[];
    expect(list.map((s) => s.name)).not.toContain(`bad ${suffix}`);
  });
});
