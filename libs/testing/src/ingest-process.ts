import { randomUUID } from 'node:crypto';
import { goldenFixture, parseDownstreamEvent, type DownstreamEventEnvelope } from '@omni/contracts';
import { createTopics, deleteTopics, type TopicReader } from '@omni/messaging';
import { eventually } from './eventually';
import {
  runToCompletion,
  startServiceProcess,
  waitForHttpOk,
  type ServiceProcess,
} from './service-process';
import { createTestDatabase, testInfra, uniqueSuffix } from './test-infra';
import { eventsOn } from './topic-events';

const INGEST_ADMIN_TOKEN = 'test-ingest-admin-token-0123456789';

export type IngestProcess = {
  url: string;
  /** A connector registered for `channels`, and its key. */
  connector: { id: string; key: string };
  /**
   * Sends one channel event of `type` (the golden fixture's, with `payload` over its payload)
   * as the connector over HTTP, `minutesAgo` in the past, and fails unless ingest accepts it.
   * Answers the event's id.
   */
  send(event: {
    type: string;
    channel: string;
    identifiers: Record<string, string>;
    minutesAgo: number;
    payload?: Record<string, unknown>;
  }): Promise<string>;
  close(): Promise<void>;
};

/**
 * The real ingest service as a child process, publishing accepted events to `eventsTopic`,
 * with its own database migrated by its own migrate command, so a downstream service's specs
 * (identity, crm) never import ingest code.
 */
export async function startIngestProcess(
  eventsTopic: string,
  channels: string[],
): Promise<IngestProcess> {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    rejected: `ingp-${suffix}.ingest-rejected.v1`,
    raw: `ingp-${suffix}.ingest-raw.v1`,
  };
  await createTopics(brokers, [
    ...Object.values(topics).map((name) => ({ name, partitions: 1 })),
    { name: 'ingest.dlt.v1', partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: 'ingest' });
  await runToCompletion('apps/ingest/src/migrate.ts', ['up'], db.env);
  const ingest: ServiceProcess = await startServiceProcess('apps/ingest/src/main.ts', {
    ...db.env,
    INGEST_ADMIN_TOKEN,
    INGEST_SCRYPT_COST: '1024',
    INGEST_EVENTS_TOPIC: eventsTopic,
    INGEST_REJECTED_TOPIC: topics.rejected,
    INGEST_RAW_TOPIC: topics.raw,
    INGEST_RAW_CONSUMER_ENABLED: 'false',
    OUTBOX_POLL_INTERVAL_MS: '20',
  });
  const url = `http://127.0.0.1:${ingest.port}`;
  const close = async () => {
    await ingest.stop();
    await deleteTopics(brokers, Object.values(topics));
    await db.drop();
  };
  try {
    await waitForHttpOk(`${url}/health/ready`);
    const id = `ingp-${suffix}`;
    const created = await fetch(`${url}/v1/admin/connectors`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${INGEST_ADMIN_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ id, name: 'Ingest process', channels, rateLimitPerSecond: 100_000 }),
    });
    if (created.status !== 201)
      throw new Error(`could not register a connector: ${created.status} ${await created.text()}`);
    const { key } = (await created.json()) as { key: string };
    const send: IngestProcess['send'] = async ({
      type,
      channel,
      identifiers,
      minutesAgo,
      payload,
    }) => {
      const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const fixture = goldenFixture(type, 1);
      const event: Record<string, unknown> = {
        ...fixture,
        eventId: randomUUID(),
        channel,
        identifiers,
        occurredAt: at,
        sentAt: at,
        payload: { ...(fixture['payload'] as object), ...payload },
      };
      // Ingest sets these itself.
      delete event['receivedAt'];
      delete event['connectorId'];
      const response = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [event] }),
      });
      const body = (await response.json()) as { results?: { status: string }[] };
      if (response.status !== 200 || body.results?.[0]?.status !== 'accepted')
        throw new Error(
          `ingest did not accept ${type}: ${response.status} ${JSON.stringify(body)}`,
        );
      return event['eventId'] as string;
    };
    return { url, connector: { id, key }, send, close };
  } catch (error) {
    await close();
    throw new Error(`ingest did not start: ${String(error)}\n${ingest.output()}`);
  }
}

/**
 * One step of a shopper's journey as a connector reports it: what happened, on which channel,
 * as whom, how many minutes ago, and what goes over the golden fixture's payload.
 */
export type JourneyStep = [
  type: string,
  channel: string,
  identifiers: Record<string, string>,
  minutesAgo: number,
  payload?: Record<string, unknown>,
];

/**
 * Sends a journey step to ingest over HTTP and answers it as identity resolved it, read from
 * `resolved`: a journey happens in order, so each step is resolved before the next is sent.
 */
export async function resolvedStep<T extends { eventId: string }>(
  ingest: IngestProcess,
  resolved: TopicReader,
  ...[type, channel, identifiers, minutesAgo, payload]: JourneyStep
): Promise<T> {
  const eventId = await ingest.send({ type, channel, identifiers, minutesAgo, payload });
  return eventually(
    async () => (eventsOn(resolved) as unknown as T[]).find((event) => event.eventId === eventId),
    `${type} on ${channel} to be resolved`,
    60_000,
  );
}

/**
 * Sends the steps of a journey one after another, each resolved before the next is sent (see
 * resolvedStep), and answers every step under its name as identity resolved and published it.
 */
export async function resolvedJourney<Name extends string>(
  ingest: IngestProcess,
  resolved: TopicReader,
  steps: Record<Name, JourneyStep>,
): Promise<Record<Name, DownstreamEventEnvelope>> {
  const answers = {} as Record<Name, DownstreamEventEnvelope>;
  for (const [name, step] of Object.entries(steps) as [Name, JourneyStep][]) {
    answers[name] = parseDownstreamEvent(await resolvedStep(ingest, resolved, ...step));
  }
  return answers;
}

/**
 * One shopper as each channel of a journey knows them, with ids made unique by `suffix`: a
 * cookie on the web, a device in the app, a WeChat unionId in the mini-program and a loyalty
 * card in the store. Logged in, a channel also sends the mobile number `phone` (11 digits) in
 * the form that channel writes it; identity normalises every form to one identifier.
 */
export function journeyShopper(suffix: string, phone: string) {
  const cookie = { cookieId: `ck-${suffix}` };
  const device = { deviceId: `dev-${suffix}` };
  return {
    web: cookie,
    webLogin: { ...cookie, phone },
    app: device,
    appLogin: {
      ...device,
      phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
    },
    mini: { wechatUnionId: `union-${suffix}`, phone },
    store: { loyaltyCard: `LC-${suffix}`, phone: `+86${phone}` },
  };
}
