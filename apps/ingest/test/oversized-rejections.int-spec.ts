import { TOPICS } from '@omni/contracts';
import { createTopicReader, type TopicReader } from '@omni/messaging';
import { testInfra, uniqueSuffix } from '@omni/testing';
import {
  ADMIN_TOKEN,
  orderPlaced,
  postEvents,
  registerConnector,
  useIngestApp,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type RejectedPayload = {
  rejectedType?: string;
  rejectedEventId?: string;
  errors: { path: string; message: string }[];
  input: unknown;
  inputTruncated?: boolean;
  inputBytes?: number;
};

type StoredRejection = {
  type: string | null;
  eventId: string | null;
  errors: { path: string; message: string }[];
  input: unknown;
  inputTruncated: boolean;
  inputBytes: number;
};

// The documented cap on the input a rejection keeps (apps/ingest README).
const INPUT_CAP_BYTES = 8 * 1_024;
// What a bounded rejection can take at most: the capped input plus bounded errors and ids.
const REJECTION_CEILING_BYTES = 24 * 1_024;

describe('rejections of large or many inputs', () => {
  const ingest = useIngestApp();
  let connector: RegisteredConnector;
  let rejected: TopicReader;
  let accepted: TopicReader;

  beforeAll(async () => {
    connector = await registerConnector(ingest.app, { channels: ['tmall'], burst: 10_000 });
    const { brokers } = testInfra();
    [rejected, accepted] = await Promise.all(
      [TOPICS.ingestRejected.name, TOPICS.ingestEvents.name].map((topic) =>
        createTopicReader({ brokers, clientId: 'omni-test', topic }),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all([rejected?.close(), accepted?.close()]);
  });

  const basic = () => `Basic ${Buffer.from(`${connector.key}:`).toString('base64')}`;
  const ours = (reader: TopicReader) => reader.messages.filter((m) => m.key === connector.id);
  const payloadOf = (value: Buffer | null) =>
    (JSON.parse(value!.toString('utf8')) as { payload: RejectedPayload }).payload;

  const outboxRows = async () =>
    (await ingest.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox`))[0].n as number;

  const waitFor = async (what: string, condition: () => Promise<boolean> | boolean) => {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const storedRejections = async (limit: number): Promise<StoredRejection[]> => {
    const response = await ingest.app.inject({
      method: 'GET',
      url: `/v1/rejections?connectorId=${connector.id}&limit=${limit}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    return response.json<StoredRejection[]>();
  };

  it('1,000 events on a channel the connector is not registered for are rejected and published without stalling the outbox', async () => {
    const events = Array.from({ length: 1_000 }, () => orderPlaced({ channel: 'jd' }));
    const response = await postEvents(ingest.app, connector.key, events);
    expect(response.statusCode).toBe(200);
    expect(response.json().rejected).toBe(1_000);

    await waitFor('the outbox is empty', async () => (await outboxRows()) === 0);
    await waitFor(
      '1,000 rejections are on ingest.rejected.v1',
      () => ours(rejected).length >= 1_000,
    );
    expect(ours(rejected)).toHaveLength(1_000);
    expect(ours(rejected).map((m) => payloadOf(m.value).rejectedEventId)).toEqual(
      events.map((e) => e.eventId),
    );
    const ready = await ingest.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
  });

  it('Segment calls with a 200 kB event name or call type are rejected with the input kept once, at a bounded size', async () => {
    const run = uniqueSuffix();
    const huge = 'e'.repeat(200_000);
    const tracks = Array.from({ length: 3 }, (_, i) => ({
      messageId: `big-name-${run}-${i}`,
      anonymousId: `anon-${run}`,
      event: huge,
      properties: { note: 'n' },
      context: { channel: 'tmall' },
    }));
    for (const track of tracks) {
      const response = await ingest.app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { authorization: basic() },
        payload: track,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().results[0].status).toBe('rejected');
    }
    const calls = Array.from({ length: 4 }, (_, i) => ({
      type: huge,
      messageId: `big-type-${run}-${i}`,
      anonymousId: `anon-${run}`,
    }));
    const batch = await ingest.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: basic() },
      payload: { batch: calls },
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.json().rejected).toBe(4);

    await waitFor('the outbox is empty', async () => (await outboxRows()) === 0);
    await waitFor(
      '7 more rejections are on ingest.rejected.v1',
      () => ours(rejected).length >= 1_007,
    );
    const published = ours(rejected).slice(1_000);
    expect(published).toHaveLength(7);
    for (const message of published) {
      expect(message.value!.length).toBeLessThan(REJECTION_CEILING_BYTES);
      const payload = payloadOf(message.value);
      expect(payload.inputTruncated).toBe(true);
      expect(payload.inputBytes).toBeGreaterThan(200_000);
      expect(typeof payload.input).toBe('string');
      expect(Buffer.byteLength(payload.input as string)).toBeLessThanOrEqual(INPUT_CAP_BYTES);
      expect(JSON.stringify(payload.errors).length).toBeLessThan(2_000);
      // At most 128 characters and an ellipsis.
      expect((payload.rejectedType ?? '').length).toBeLessThanOrEqual(129);
    }

    const stored = (await storedRejections(7)).reverse();
    // A call of no known type is not mapped, so it has no eventId.
    expect(stored.map((r) => r.eventId)).toEqual([
      ...tracks.map((t) => t.messageId),
      ...calls.map(() => null),
    ]);
    for (const rejection of stored) {
      expect(JSON.stringify(rejection).length).toBeLessThan(REJECTION_CEILING_BYTES);
      expect(rejection).toMatchObject({ inputTruncated: true });
      expect(rejection.inputBytes).toBeGreaterThan(200_000);
      expect((rejection.input as string).startsWith('{')).toBe(true);
    }
  });

  it('afterwards valid events are accepted and published, and the service is ready', async () => {
    const events = Array.from({ length: 20 }, () => orderPlaced({ channel: 'tmall' }));
    const response = await postEvents(ingest.app, connector.key, events);
    expect(response.statusCode).toBe(200);
    expect(response.json().accepted).toBe(20);
    const ids = new Set(events.map((e) => e.eventId));
    await waitFor('the 20 events are on ingest.events.v1', () =>
      [...ids].every((id) =>
        accepted.messages.some((m) => JSON.parse(m.value!.toString('utf8')).eventId === id),
      ),
    );
    await waitFor('the outbox is empty', async () => (await outboxRows()) === 0);
    const ready = await ingest.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
  });
});
