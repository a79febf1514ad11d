import { HEADERS } from '@omni/contracts';
import { KafkaProducer } from '@omni/messaging';
import { testInfra, uniqueSuffix } from '@omni/testing';
import {
  eventIdOf,
  postEvents,
  productViewed,
  publishedMessages,
  registerConnector,
  useIngestApp,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type Result = { index: number; status: string; errors?: { path: string; message: string }[] };
type Batch = { accepted: number; results: Result[] };

const BODY_LIMIT = 1_048_576;

/** The JSON text of a one-event request; built by hand where JSON.stringify cannot or would not. */
const bodyOf = (eventJson: string) => `{"events":[${eventJson}]}`;

const customEvent = (properties: string) => {
  const event = productViewed({ type: 'custom', payload: { name: 'Poison', properties: {} } });
  return JSON.stringify(event).replace('"properties":{}', `"properties":${properties}`);
};

const deepEvent = () => customEvent(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`);

// Just under the body limit, and so just over Kafka's 1 MiB message limit once ingest adds
// connectorId and receivedAt.
function eventAtTheBodyLimit(): string {
  const empty = bodyOf(customEvent('{"blob":""}'));
  return customEvent(`{"blob":"${'x'.repeat(BODY_LIMIT - Buffer.byteLength(empty))}"}`);
}

/** Each poison is one request with one event, as JSON text so that it can hold anything. */
const poisons: { name: string; body: () => string }[] = [
  { name: 'an event nested 5,000 deep', body: () => bodyOf(deepEvent()) },
  {
    name: 'a NUL in eventId',
    body: () =>
      JSON.stringify({ events: [productViewed({ eventId: `nul\u0000${uniqueSuffix()}` })] }),
  },
  {
    name: 'a NUL in identifiers.appId',
    body: () =>
      JSON.stringify({
        events: [
          productViewed({
            identifiers: { wechatOpenId: `o-${uniqueSuffix()}`, appId: 'wx\u00001' },
          }),
        ],
      }),
  },
  {
    name: 'a lone surrogate in an identifier',
    body: () =>
      JSON.stringify({
        events: [productViewed({ identifiers: { anonymousId: `anon-\ud800-${uniqueSuffix()}` } })],
      }),
  },
  {
    name: "an event just under the body limit but over Kafka's message limit",
    body: () => bodyOf(eventAtTheBodyLimit()),
  },
  {
    name: 'an eventId of 100 "𝕏" (200 UTF-16 units)',
    body: () => JSON.stringify({ events: [productViewed({ eventId: '𝕏'.repeat(100) })] }),
  },
];

describe("one client's bad request among other clients' concurrent requests", () => {
  const eventsTopic = `ingest.events-poison-${uniqueSuffix()}.v1`;
  const ingest = useIngestApp(
    {
      INGEST_EVENTS_TOPIC: eventsTopic,
      INGEST_MAX_BODY_BYTES: String(BODY_LIMIT),
    },
    { topics: [{ name: eventsTopic, partitions: 3 }] },
  );
  let good: RegisteredConnector;
  let hostile: RegisteredConnector;

  beforeAll(async () => {
    [good, hostile] = await Promise.all([
      registerConnector(ingest.app, { rateLimitPerSecond: 1_000_000 }),
      registerConnector(ingest.app, { rateLimitPerSecond: 1_000_000 }),
    ]);
  });

  const postBody = (key: string, body: string) =>
    ingest.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: body,
    });

  let publishedValid = 0;

  it.each(poisons)(
    '$name is answered as a client error of its own, and every valid request sent alongside is accepted',
    async ({ body }) => {
      const poison = body();
      const valid: string[] = [];
      const validAnswers = [];
      const poisonAnswers = [];
      // Several waves, so the poison shares group commits with valid requests of other clients.
      for (let wave = 0; wave < 4; wave++) {
        const batches = Array.from({ length: 6 }, () => [productViewed(), productViewed()]);
        for (const batch of batches) valid.push(...batch.map((event) => String(event.eventId)));
        const [poisoned, ...others] = await Promise.all([
          postBody(hostile.key, poison),
          ...batches.map((batch) => postEvents(ingest.app, good.key, batch)),
        ]);
        poisonAnswers.push(poisoned);
        validAnswers.push(...others);
      }

      for (const answer of validAnswers) {
        expect([answer.statusCode, answer.json<Batch>().accepted]).toEqual([200, 2]);
      }
      for (const answer of poisonAnswers) {
        expect(answer.statusCode).toBeLessThan(500);
        if (answer.statusCode === 200)
          expect(answer.json<Batch>().results.map((r) => r.status)).toEqual(['rejected']);
        else expect(answer.statusCode).toBeGreaterThanOrEqual(400);
      }
      publishedValid += valid.length;
      const ids = new Set((await publishedMessages(eventsTopic, publishedValid)).map(eventIdOf));
      for (const id of valid) expect(ids).toContain(id);
    },
  );

  describe('when the database refuses what validation let through', () => {
    // A real Postgres trigger stands in for a refusal nobody foresaw: it raises the given
    // SQLSTATE for dedupe keys with the given prefix.
    beforeAll(async () => {
      await ingest.db.dataSource.query(`
        CREATE FUNCTION refuse_marked_keys() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.event_id LIKE 'refused-%' THEN
            RAISE EXCEPTION 'refused %', NEW.event_id USING ERRCODE = '22023';
          ELSIF NEW.event_id LIKE 'outage-%' THEN
            RAISE EXCEPTION 'too many connections' USING ERRCODE = '53300';
          END IF;
          RETURN NEW;
        END $$`);
      await ingest.db.dataSource.query(
        `CREATE TRIGGER refuse_marked_keys BEFORE INSERT ON dedupe_keys
         FOR EACH ROW EXECUTE FUNCTION refuse_marked_keys()`,
      );
    });

    afterAll(async () => {
      await ingest.db.dataSource.query(`DROP TRIGGER refuse_marked_keys ON dedupe_keys`);
      await ingest.db.dataSource.query(`DROP FUNCTION refuse_marked_keys()`);
    });

    it('retries the group without the request whose data it refuses, and answers that one 422', async () => {
      const refused = productViewed({ eventId: `refused-${uniqueSuffix()}` });
      const batches = Array.from({ length: 8 }, () => [productViewed()]);
      const [culprit, ...others] = await Promise.all([
        postEvents(ingest.app, hostile.key, [refused]),
        ...batches.map((batch) => postEvents(ingest.app, good.key, batch)),
        postEvents(ingest.app, hostile.key, [refused]),
      ]);
      for (const answer of others.slice(0, -1))
        expect([answer.statusCode, answer.json<Batch>().accepted]).toEqual([200, 1]);
      for (const answer of [culprit, others[others.length - 1]])
        expect([answer.statusCode, answer.json<{ code: string }>().code]).toEqual([
          422,
          'unprocessable_events',
        ]);
    });

    it('still answers 503 with Retry-After when the database cannot serve, and nothing is accepted', async () => {
      const answer = await postEvents(ingest.app, good.key, [
        productViewed({ eventId: `outage-${uniqueSuffix()}` }),
      ]);
      expect([answer.statusCode, answer.json<{ code: string }>().code]).toEqual([
        503,
        'database_unavailable',
      ]);
      expect(answer.headers['retry-after']).toBe('1');
    });
  });
});

describe('Kafka-native ingest of the same poisons', () => {
  const rawTopic = `ingest.raw-poison-${uniqueSuffix()}.v1`;
  const eventsTopic = `ingest.events-raw-poison-${uniqueSuffix()}.v1`;
  const ingest = useIngestApp(
    {
      INGEST_RAW_CONSUMER_ENABLED: 'true',
      INGEST_RAW_TOPIC: rawTopic,
      INGEST_EVENTS_TOPIC: eventsTopic,
      INGEST_RAW_GROUP_ID: `ingest-raw-${uniqueSuffix()}`,
    },
    {
      topics: [
        { name: rawTopic, partitions: 1 },
        { name: eventsTopic, partitions: 1 },
      ],
    },
  );
  let connector: RegisteredConnector;
  let producer: KafkaProducer;

  beforeAll(async () => {
    connector = await registerConnector(ingest.app);
    producer = new KafkaProducer({ brokers: testInfra().brokers, clientId: 'omni-test' });
  });

  afterAll(async () => {
    await producer?.disconnect();
  });

  it('rejects each of them, dead-letters none, and publishes the valid event sent behind them', async () => {
    const tooLarge = productViewed({
      type: 'custom',
      payload: { name: 'Large', properties: { blob: 'x'.repeat(300_000) } },
    });
    const poisons = [
      deepEvent(),
      JSON.stringify(productViewed({ eventId: `nul\u0000${uniqueSuffix()}` })),
      JSON.stringify(
        productViewed({ identifiers: { wechatOpenId: `o-${uniqueSuffix()}`, appId: 'wx\u00001' } }),
      ),
      JSON.stringify(
        productViewed({ identifiers: { anonymousId: `anon-\ud800-${uniqueSuffix()}` } }),
      ),
      JSON.stringify(tooLarge),
      JSON.stringify(productViewed({ eventId: '𝕏'.repeat(100) })),
    ];
    const valid = productViewed();
    // One partition: the valid event is read after every poison.
    await producer.send(
      rawTopic,
      [...poisons, JSON.stringify(valid)].map((value) => ({
        key: connector.id,
        value,
        headers: { [HEADERS.connectorKey]: connector.key },
      })),
    );
    const published = await publishedMessages(eventsTopic, 1);
    expect(published.map(eventIdOf)).toEqual([valid.eventId]);
    const rejected: { errors: { message: string }[] }[] = await ingest.db.dataSource.query(
      `SELECT errors FROM rejections WHERE source = 'kafka' AND connector_id = $1`,
      [connector.id],
    );
    expect(rejected).toHaveLength(poisons.length);
    expect(await ingest.db.dataSource.query(`SELECT error FROM dead_letters`)).toEqual([]);
  });
});
