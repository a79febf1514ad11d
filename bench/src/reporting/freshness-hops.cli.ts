// `npx nx run bench:freshness-hops -- [seconds]`: while
// orders flow (say, during `npm run bench -- --scenarios f`), where each order.placed's time goes
// on its way to reporting: ingest's acceptance (receivedAt) → ingest.events.v1 (Kafka timestamp)
// → identity's inbox (its transaction's start) → identity.resolved-events.v1 (the relay's send)
// → reporting's inbox (its transaction's start). Prints percentiles per hop.
import { TOPICS } from '@omni/contracts';
import { createTopicReader, type TopicMessage } from '@omni/messaging';
import { percentile, round } from '@omni/testing';
import { Client } from 'pg';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const seconds = Number(process.argv[2] ?? '30');

const orderTimes = (messages: readonly TopicMessage[]) => {
  const times = new Map<string, { atMs: number; receivedAtMs: number }>();
  for (const m of messages) {
    if (m.headers['omni-event-type'] !== 'order.placed' || m.value === null) continue;
    const event = JSON.parse(m.value.toString('utf8')) as {
      eventId: string;
      connectorId: string;
      receivedAt: string;
    };
    // The inboxes dedupe on the connector-scoped id.
    times.set(`${event.connectorId}:${event.eventId}`, {
      atMs: Number(m.timestamp),
      receivedAtMs: Date.parse(event.receivedAt),
    });
  }
  return times;
};

async function inboxTimes(client: Client, schema: string, group: string, ids: string[]) {
  const { rows } = await client.query<{ event_id: string; at: string }>(
    `SELECT event_id, (extract(epoch FROM processed_at) * 1000)::float8 AS at
       FROM ${schema}.inbox WHERE consumer_group = $1 AND event_id = ANY($2::text[])`,
    [group, ids],
  );
  return new Map(rows.map((row) => [row.event_id, Number(row.at)]));
}

async function main(): Promise<void> {
  const ingest = await createTopicReader({ brokers, topic: TOPICS.ingestEvents.name });
  const resolved = await createTopicReader({ brokers, topic: TOPICS.identityResolvedEvents.name });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  // Whatever was accepted last needs a moment to reach reporting.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const accepted = orderTimes(ingest.messages);
  const published = orderTimes(resolved.messages);
  await Promise.all([ingest.close(), resolved.close()]);
  const client = new Client({
    connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omni',
  });
  await client.connect();
  const ids = [...accepted.keys()];
  const identity = await inboxTimes(client, 'identity', 'identity-resolution', ids);
  const reporting = await inboxTimes(client, 'reporting', 'reporting', ids);
  await client.end();
  const hops: Record<string, number[]> = {
    'accepted → ingest.events.v1': [],
    'ingest.events.v1 → identity transaction': [],
    'identity transaction → resolved-events.v1': [],
    'resolved-events.v1 → reporting transaction': [],
    'accepted → reporting transaction': [],
  };
  for (const [id, a] of accepted) {
    const i = identity.get(id);
    const p = published.get(id);
    const r = reporting.get(id);
    if (i === undefined || p === undefined || r === undefined) continue;
    const values = [
      a.atMs - a.receivedAtMs,
      i - a.atMs,
      p.atMs - i,
      r - p.atMs,
      r - a.receivedAtMs,
    ];
    Object.values(hops).forEach((list, n) => list.push(values[n]));
  }
  console.log(
    `read ${ingest.messages.length} + ${resolved.messages.length} messages; ${hops['accepted → reporting transaction'].length} of ${accepted.size} orders`,
  );
  for (const [hop, values] of Object.entries(hops))
    console.log(
      `${hop.padEnd(44)} p50 ${round(percentile(values, 50), 0)} p90 ${round(percentile(values, 90), 0)} p99 ${round(percentile(values, 99), 0)} ms`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
