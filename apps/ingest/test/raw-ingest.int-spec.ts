import { HEADERS, TOPICS } from '@omni/contracts';
import { KafkaProducer } from '@omni/messaging';
import { testInfra, uniqueSuffix, waitForMessage } from '@omni/testing';
import {
  productViewed,
  registerConnector,
  useIngestApp,
  type RegisteredConnector,
} from './support/ingest-test-kit';

describe('Kafka-native ingest from the raw topic', () => {
  const rawTopic = `ingest.raw-test-${uniqueSuffix()}.v1`;
  const ingest = useIngestApp(
    {
      INGEST_RAW_CONSUMER_ENABLED: 'true',
      INGEST_RAW_TOPIC: rawTopic,
      INGEST_RAW_GROUP_ID: `ingest-raw-${uniqueSuffix()}`,
    },
    { topics: [{ name: rawTopic, partitions: 2 }] },
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

  it('publishes a valid raw event to ingest.events.v1, normalised, once even if produced twice', async () => {
    const event = productViewed({ identifiers: { email: ' Raw@Example.COM ' } });
    const message = {
      key: connector.id,
      value: event,
      headers: { [HEADERS.connectorKey]: connector.key },
    };
    await producer.send(rawTopic, [message, message]);
    const published = await waitForMessage<{
      eventId: string;
      identifiers: { email: string };
      connectorId: string;
    }>(TOPICS.ingestEvents.name, (m) => m.value.eventId === event.eventId);
    expect(published.key).toBe('email:raw@example.com');
    expect(published.value.connectorId).toBe(connector.id);
    const relayed = await ingest.db.dataSource.query(
      `SELECT count(*)::int AS n FROM dedupe_keys WHERE event_id = $1`,
      [event.eventId],
    );
    expect(relayed[0].n).toBe(1);
  });

  it('sends an invalid raw event, bad JSON or a wrong key to ingest.rejected.v1 with reasons', async () => {
    const invalid = productViewed({ payload: { price: { amount: 9.5, currency: 'CNY' } } });
    const forged = productViewed();
    await producer.send(rawTopic, [
      { key: connector.id, value: invalid, headers: { [HEADERS.connectorKey]: connector.key } },
      {
        key: connector.id,
        value: forged,
        headers: { [HEADERS.connectorKey]: 'omni.someone-else.AAAAAAAAAAAAAAAAAAAAAAAA' },
      },
      {
        key: connector.id,
        value: '{"eventId": "broken',
        headers: { [HEADERS.connectorKey]: connector.key },
      },
    ]);
    type Rejected = {
      payload: {
        source: string;
        rejectedEventId?: string;
        errors: { path: string; message: string }[];
        input: unknown;
      };
    };
    const rejected = await waitForMessage<Rejected>(
      TOPICS.ingestRejected.name,
      (m) => m.value.payload?.rejectedEventId === invalid.eventId,
    );
    expect(rejected.value.payload.source).toBe('kafka');
    expect(rejected.value.payload.errors.map((e) => e.path)).toEqual([
      'payload.sku',
      'payload.price.amount',
    ]);
    const refused = await waitForMessage<Rejected>(
      TOPICS.ingestRejected.name,
      (m) => m.value.payload?.rejectedEventId === forged.eventId,
    );
    expect(refused.value.payload.errors[0]).toEqual({
      path: `headers.${HEADERS.connectorKey}`,
      message: 'unknown or revoked connector key',
    });
    const broken = await waitForMessage<Rejected>(
      TOPICS.ingestRejected.name,
      (m) => m.value.payload?.input === '{"eventId": "broken',
    );
    expect(broken.value.payload.errors[0].message).toMatch(/^expected a JSON event/);
  });
});
