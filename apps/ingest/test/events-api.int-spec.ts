import { TOPICS } from '@omni/contracts';
import { waitForMessage } from '@omni/testing';
import {
  ADMIN_TOKEN,
  orderPlaced,
  postEvents,
  productViewed,
  registerConnector,
  useIngestApp,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type Result = {
  index: number;
  eventId: string | null;
  status: string;
  errors?: { path: string; message: string }[];
};
type Batch = { accepted: number; duplicates: number; rejected: number; results: Result[] };

describe('POST /v1/events', () => {
  const ingest = useIngestApp({ INGEST_MAX_BATCH_EVENTS: '50', INGEST_MAX_BODY_BYTES: '65536' });
  let connector: RegisteredConnector;

  beforeAll(async () => {
    connector = await registerConnector(ingest.app);
  });

  it('accepts a valid batch, normalises it and publishes it keyed by the strongest identifier', async () => {
    const order = orderPlaced({
      identifiers: { platformUserId: 't_1', phone: '138 0013 8000', email: '  Ann@Example.COM ' },
      occurredAt: '2026-01-01T10:00:00+08:00',
      sentAt: '2026-01-01T10:00:05+08:00',
    });
    const started = Date.now();
    const response = await postEvents(ingest.app, connector.key, [order]);
    expect(response.statusCode).toBe(200);
    expect(response.json<Batch>()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: 0,
      results: [{ index: 0, eventId: order.eventId, status: 'accepted' }],
    });
    const published = await waitForMessage<Record<string, unknown>>(
      TOPICS.ingestEvents.name,
      (m) => m.value.eventId === order.eventId,
    );
    expect(published.key).toBe('phone:+8613800138000');
    expect(published.headers['omni-event-type']).toBe('order.placed');
    const value = published.value as {
      identifiers: Record<string, string>;
      occurredAt: string;
      sentAt: string;
      receivedAt: string;
      connectorId: string;
    };
    expect(value.identifiers).toEqual({
      platformUserId: 't_1',
      phone: '+8613800138000',
      email: 'ann@example.com',
    });
    expect(value.connectorId).toBe(connector.id);
    expect(value.sentAt).toBe('2026-01-01T02:00:05.000Z');
    // The client's clock was wrong: occurredAt moves by (receivedAt − sentAt), landing 5 s before receipt.
    const receivedAt = Date.parse(value.receivedAt);
    expect(receivedAt).toBeGreaterThanOrEqual(started - 1000);
    expect(Date.parse(value.occurredAt)).toBe(receivedAt - 5_000);
    expect(value.occurredAt.endsWith('Z')).toBe(true);
  });

  it('answers each event of a mixed batch by index, and one bad event never fails the others', async () => {
    const good = productViewed();
    const floatMoney = orderPlaced({
      payload: { ...(orderPlaced().payload as object), total: { amount: 1510.5, currency: 'CNY' } },
    });
    const wrongChannel = productViewed({ channel: 'jd' });
    const badPhone = productViewed({ identifiers: { phone: '+86 12' } });
    const future = productViewed({
      occurredAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    const response = await postEvents(ingest.app, connector.key, [
      good,
      floatMoney,
      'not an event',
      wrongChannel,
      badPhone,
      future,
    ]);
    expect(response.statusCode).toBe(200);
    const body = response.json<Batch>();
    expect([body.accepted, body.duplicates, body.rejected]).toEqual([1, 0, 5]);
    expect(body.results.map((r) => [r.index, r.status])).toEqual([
      [0, 'accepted'],
      [1, 'rejected'],
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'rejected'],
    ]);
    expect(body.results[1].errors).toEqual([
      {
        path: 'payload.total.amount',
        message: expect.stringContaining('integer amount in minor units'),
      },
    ]);
    expect(body.results[2].errors).toEqual([
      { path: '(root)', message: expect.stringContaining('expected an event object') },
    ]);
    expect(body.results[3].errors?.[0]).toEqual({
      path: 'channel',
      message: expect.stringContaining('not registered for channel jd'),
    });
    expect(body.results[4].errors?.[0].path).toBe('identifiers.phone');
    expect(body.results[5].errors?.[0]).toEqual({
      path: 'occurredAt',
      message: expect.stringContaining('in the future'),
    });
    expect(body.results[1].eventId).toBe(floatMoney.eventId);
  });

  it('answers duplicate for a repeat within one batch and across batches, and publishes once', async () => {
    const event = productViewed();
    const first = (await postEvents(ingest.app, connector.key, [event, event])).json<Batch>();
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    const again = (
      await postEvents(ingest.app, connector.key, [event, productViewed()])
    ).json<Batch>();
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'accepted']);
    expect([again.accepted, again.duplicates, again.rejected]).toEqual([1, 1, 0]);
    const keys = await ingest.db.dataSource.query(
      `SELECT count(*)::int AS n FROM dedupe_keys WHERE event_id = $1`,
      [event.eventId],
    );
    expect(keys[0].n).toBe(1);
  });

  it('lists rejections with their reasons for an admin, filtered by connector and time', async () => {
    const bad = productViewed({ payload: { price: { amount: 1, currency: 'CNY' } } });
    const before = new Date(Date.now() - 1000).toISOString();
    await postEvents(ingest.app, connector.key, [bad]);
    const response = await ingest.app.inject({
      method: 'GET',
      url: `/v1/rejections?connectorId=${connector.id}&from=${encodeURIComponent(before)}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    const rows =
      response.json<
        { eventId: string; source: string; errors: { path: string }[]; input: unknown }[]
      >();
    const row = rows.find((r) => r.eventId === bad.eventId);
    expect(row).toMatchObject({ source: 'http', errors: [{ path: 'payload.sku' }], input: bad });
    const published = await waitForMessage<{
      payload: { rejectedEventId: string; errors: unknown[] };
    }>(TOPICS.ingestRejected.name, (m) => m.value.payload?.rejectedEventId === bad.eventId);
    expect(published.key).toBe(connector.id);
    const unauthorised = await ingest.app.inject({
      method: 'GET',
      url: '/v1/rejections',
      headers: { authorization: 'Bearer wrong-token-000000000' },
    });
    expect(unauthorised.statusCode).toBe(401);
  });

  it('lists a time range of rejections newest first: from is inclusive, to is exclusive', async () => {
    const own = await registerConnector(ingest.app);
    const bad = () => productViewed({ payload: { price: { amount: 1, currency: 'CNY' } } });
    const [older, newer] = [bad(), bad()];
    await postEvents(ingest.app, own.key, [older]);
    // Requests are stamped in milliseconds: the second one a few later.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postEvents(ingest.app, own.key, [newer]);
    const stored: { event_id: string; rejected_at: Date }[] = await ingest.db.dataSource.query(
      `SELECT event_id, rejected_at FROM rejections WHERE connector_id = $1`,
      [own.id],
    );
    const at = (event: Record<string, unknown>) =>
      stored.find((row) => row.event_id === event.eventId)!.rejected_at.toISOString();
    const list = async (range: string) => {
      const response = await ingest.app.inject({
        method: 'GET',
        url: `/v1/rejections?connectorId=${own.id}${range}`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(response.statusCode).toBe(200);
      return response.json<{ eventId: string }[]>().map((row) => row.eventId);
    };
    expect(await list('')).toEqual([newer.eventId, older.eventId]);
    const q = encodeURIComponent;
    expect(await list(`&from=${q(at(newer))}`)).toEqual([newer.eventId]);
    expect(await list(`&to=${q(at(newer))}`)).toEqual([older.eventId]);
    expect(await list(`&from=${q(at(older))}&to=${q(at(older))}`)).toEqual([]);
  });

  it('answers 400 for a rejections filter no connector id can match, such as one with a NUL', async () => {
    const response = await ingest.app.inject({
      method: 'GET',
      url: '/v1/rejections?connectorId=a%00b',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('lists connectors a page at a time in id order, without their keys', async () => {
    const registered = [connector];
    for (let i = 0; i < 3; i++) registered.push(await registerConnector(ingest.app));
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const seen: string[] = [];
    let query = 'limit=2';
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(20);
      const response = await ingest.app.inject({
        method: 'GET',
        url: `/v1/admin/connectors?${query}`,
        headers: admin,
      });
      expect(response.statusCode).toBe(200);
      const page = response.json<{ items: { id: string }[]; next: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      if (page.next === null) break;
      query = `limit=2&after=${page.next}`;
      for (const { key } of registered) expect(response.body).not.toContain(key.split('.')[2]);
    }
    expect(seen).toEqual([...new Set(seen)].sort());
    expect(seen).toEqual(expect.arrayContaining(registered.map(({ id }) => id)));
    for (const bad of ['limit=0', 'limit=1001', 'limit=two', 'after=A%00']) {
      const refused = await ingest.app.inject({
        method: 'GET',
        url: `/v1/admin/connectors?${bad}`,
        headers: admin,
      });
      expect([bad, refused.statusCode, refused.json().code]).toEqual([bad, 400, 'invalid_request']);
    }
  });

  it('counts accepted, duplicate and rejected events per connector in Prometheus', async () => {
    const metrics = (await ingest.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const outcome of ['accepted', 'duplicate', 'rejected']) {
      expect(metrics).toMatch(
        new RegExp(
          `omni_ingest_events_total\\{[^}]*connector="${connector.id}"[^}]*outcome="${outcome}"[^}]*\\} [1-9]`,
        ),
      );
    }
  });

  describe('whole-request errors answer JSON { code, message }', () => {
    const post = (headers: Record<string, string>, payload: string) =>
      ingest.app.inject({ method: 'POST', url: '/v1/events', headers, payload });
    const json = { 'content-type': 'application/json' };

    it('400 for unparseable JSON and for a body that is not an events batch', async () => {
      const auth = { ...json, authorization: `Bearer ${connector.key}` };
      const malformed = await post(auth, '{"events": [');
      expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'malformed_json']);
      for (const body of ['[]', '{"event": []}', '{"events": {}}', '{"events": []}', '42']) {
        const response = await post(auth, body);
        expect([body, response.statusCode, response.json().code]).toEqual([
          body,
          400,
          'invalid_batch',
        ]);
        expect(typeof response.json().message).toBe('string');
      }
    });

    it('401 for a missing or unknown key, 403 for a disabled connector', async () => {
      const body = JSON.stringify({ events: [productViewed()] });
      const missing = await post(json, body);
      expect([missing.statusCode, missing.json().code]).toEqual([401, 'missing_key']);
      const unknown = await post(
        { ...json, authorization: `Bearer omni.${connector.id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` },
        body,
      );
      expect([unknown.statusCode, unknown.json().code]).toEqual([401, 'invalid_key']);
      const garbage = await post({ ...json, authorization: 'Bearer nonsense' }, body);
      expect([garbage.statusCode, garbage.json().code]).toEqual([401, 'invalid_key']);

      const doomed = await registerConnector(ingest.app);
      expect((await postEvents(ingest.app, doomed.key, [productViewed()])).statusCode).toBe(200);
      const disabled = await ingest.app.inject({
        method: 'POST',
        url: `/v1/admin/connectors/${doomed.id}/disable`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(disabled.json().status).toBe('disabled');
      const refused = await postEvents(ingest.app, doomed.key, [productViewed()]);
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'connector_disabled']);
    });

    it('rotating a key revokes the old one and shows the new one once', async () => {
      const rotating = await registerConnector(ingest.app);
      const rotated = await ingest.app.inject({
        method: 'POST',
        url: `/v1/admin/connectors/${rotating.id}/rotate-key`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(rotated.statusCode).toBe(200);
      const newKey = rotated.json<{ key: string }>().key;
      expect(newKey).not.toBe(rotating.key);
      expect((await postEvents(ingest.app, rotating.key, [productViewed()])).statusCode).toBe(401);
      expect((await postEvents(ingest.app, newKey, [productViewed()])).statusCode).toBe(200);
      const listed = await ingest.app.inject({
        method: 'GET',
        url: '/v1/admin/connectors',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(listed.body).not.toContain(newKey.split('.')[2]);
    });

    it('400 for a connector name with a NUL, which Postgres cannot store; no connector is made', async () => {
      const refused = await ingest.app.inject({
        method: 'POST',
        url: '/v1/admin/connectors',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { id: 'nul-named', name: 'store\u0000one', channels: ['tmall'] },
      });
      expect([refused.statusCode, refused.json().code]).toEqual([400, 'invalid_request']);
      const listed = await ingest.app.inject({
        method: 'GET',
        url: '/v1/admin/connectors',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(listed.body).not.toContain('nul-named');
    });

    it('413 for too many events or too many bytes', async () => {
      const tooMany = await postEvents(
        ingest.app,
        connector.key,
        Array.from({ length: 51 }, () => productViewed()),
      );
      expect([tooMany.statusCode, tooMany.json().code]).toEqual([413, 'payload_too_large']);
      const padding = 'x'.repeat(70_000);
      const tooBig = await post(
        { ...json, authorization: `Bearer ${connector.key}` },
        JSON.stringify({ events: [productViewed({ context: { pad: padding } })] }),
      );
      expect([tooBig.statusCode, tooBig.json().code]).toEqual([413, 'payload_too_large']);
    });

    it('415 for a body that is not declared as JSON', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const response = await post(
          { 'content-type': type, authorization: `Bearer ${connector.key}` },
          'events=1',
        );
        expect([type, response.statusCode, response.json().code]).toEqual([
          type,
          415,
          'unsupported_media_type',
        ]);
      }
    });

    it('429 with Retry-After once the connector spends its token bucket', async () => {
      const limited = await registerConnector(ingest.app, { rateLimitPerSecond: 1, burst: 5 });
      const first = await postEvents(
        ingest.app,
        limited.key,
        Array.from({ length: 5 }, () => productViewed()),
      );
      expect(first.json<Batch>().accepted).toBe(5);
      const second = await postEvents(
        ingest.app,
        limited.key,
        Array.from({ length: 3 }, () => productViewed()),
      );
      expect([second.statusCode, second.json().code]).toEqual([429, 'rate_limited']);
      expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(2);
    });
  });
});
