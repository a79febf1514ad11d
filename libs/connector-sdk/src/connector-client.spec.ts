import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffMs, ConnectorClient, retryAfterMs } from './connector-client';
import { stableEventId, type ConnectorEvent } from './connector-event';

type Received = {
  at: number;
  events: { eventId: string; sentAt: string }[];
  authorization?: string;
};

const event = (n: number): ConnectorEvent => ({
  type: 'order.placed',
  version: 1,
  occurredAt: '2025-06-18T20:31:09+08:00',
  channel: 'tmall',
  identifiers: { platformUserId: `t_${n}` },
  payload: { orderId: `o-${n}`, total: { amount: 1999, currency: 'CNY' } },
});

const body = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => resolve(text));
  });

describe('ConnectorClient', () => {
  let server: Server;
  let baseUrl: string;
  let received: Received[];
  let answers: { status: number; headers?: Record<string, string> }[];
  let gate: Promise<void> | undefined;
  let concurrent = 0;
  let maxConcurrent = 0;

  beforeEach(async () => {
    received = [];
    answers = [];
    gate = undefined;
    concurrent = 0;
    maxConcurrent = 0;
    server = createServer(async (request, response) => {
      const parsed = JSON.parse(await body(request)) as { events: Received['events'] };
      received.push({
        at: Date.now(),
        events: parsed.events,
        authorization: request.headers.authorization,
      });
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await gate;
      concurrent -= 1;
      const answer = answers.shift() ?? { status: 200 };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      const results = parsed.events.map((e, index) => ({
        index,
        eventId: e.eventId,
        status: 'accepted',
      }));
      response.end(
        JSON.stringify(
          answer.status === 200
            ? { accepted: results.length, duplicates: 0, rejected: 0, results }
            : { code: 'x', message: 'try later' },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends a full batch at once and the rest on flush, with the key as a bearer token', async () => {
    const client = new ConnectorClient({
      baseUrl,
      key: 'omni.c.k',
      maxBatchEvents: 3,
      lingerMs: 60_000,
    });
    for (let n = 0; n < 5; n++) client.send(event(n));
    await client.close();
    expect(received.map((r) => r.events.length)).toEqual([3, 2]);
    expect(received[0].authorization).toBe('Bearer omni.c.k');
  });

  it('sends a lone event at once, and events sent together in one request', async () => {
    const client = new ConnectorClient({ baseUrl, key: 'k' });
    client.send(event(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((r) => r.events.length)).toEqual([1]);
    for (let n = 2; n < 52; n++) client.send(event(n));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((r) => r.events.length)).toEqual([1, 50]);
    await client.close();
  });

  it('waits lingerMs for more events when asked to', async () => {
    const client = new ConnectorClient({ baseUrl, key: 'k', lingerMs: 150 });
    client.send(event(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.send(event(2));
    expect(received).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.map((r) => r.events.length)).toEqual([2]);
    await client.close();
  });

  it('keeps at most maxInFlightRequests requests out and sends what queued meanwhile as one batch', async () => {
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const client = new ConnectorClient({ baseUrl, key: 'k', maxInFlightRequests: 2 });
    client.send(event(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.send(event(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let n = 3; n < 40; n++) {
      client.send(event(n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.map((r) => r.events.length)).toEqual([1, 1]);
    expect(client.pending).toBe(39);
    open();
    await client.close();
    expect(maxConcurrent).toBe(2);
    expect(received.map((r) => r.events.length)).toEqual([1, 1, 37]);
    expect(client.pending).toBe(0);
  });

  it('refuses settings it cannot work with', () => {
    expect(() => new ConnectorClient({ baseUrl, key: 'k', maxInFlightRequests: 0 })).toThrow(
      'maxInFlightRequests must be a positive integer, not 0',
    );
    expect(() => new ConnectorClient({ baseUrl, key: 'k', maxBatchEvents: 2.5 })).toThrow(
      'maxBatchEvents must be a positive integer',
    );
    expect(() => new ConnectorClient({ baseUrl, key: 'k', lingerMs: -1 })).toThrow(
      'lingerMs must be 0 or more, not -1',
    );
  });

  it('retries 429 after Retry-After and 5xx with backoff, keeping every event id', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '1' } }, { status: 503 }];
    const results: number[] = [];
    const client = new ConnectorClient({
      baseUrl,
      key: 'k',
      initialBackoffMs: 10,
      maxBackoffMs: 20,
      onResult: (r) => results.push(r.accepted),
    });
    const id = client.send(event(7));
    await client.close();
    expect(received).toHaveLength(3);
    expect(received[1].at - received[0].at).toBeGreaterThanOrEqual(990);
    expect(received.map((r) => r.events[0].eventId)).toEqual([id, id, id]);
    expect(results).toEqual([1]);
  });

  it('reports a batch it cannot deliver instead of dropping it silently', async () => {
    answers = [{ status: 401 }];
    const failures: string[] = [];
    const client = new ConnectorClient({
      baseUrl,
      key: 'bad',
      onError: (error, events) => failures.push(`${error.status}:${events.length}`),
    });
    client.send(event(1));
    await client.close();
    expect(failures).toEqual(['401:1']);
    expect(received).toHaveLength(1);
    expect(() => client.send(event(2))).toThrow('closed');
  });

  it('derives the same id for the same event content and different ids otherwise', () => {
    expect(stableEventId(event(1))).toBe(
      stableEventId({
        ...event(1),
        payload: { total: { currency: 'CNY', amount: 1999 }, orderId: 'o-1' },
      }),
    );
    expect(stableEventId(event(1))).not.toBe(stableEventId(event(2)));
  });

  it('reads Retry-After as seconds or a date and bounds the jittered backoff', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(backoffMs(3, 100, 1000, () => 1)).toBe(400);
    expect(backoffMs(10, 100, 1000, () => 0.5)).toBe(500);
  });
});
