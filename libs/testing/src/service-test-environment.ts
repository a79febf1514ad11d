import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Setting } from '@omni/config';
import { eventDedupeKey } from '@omni/contracts';
import { createTopics, deadLetterTopicFor, deleteTopics, KafkaProducer } from '@omni/messaging';
import { adminTokenVariable, type ServiceDefinition, type ServiceDescriptor } from '@omni/platform';
import { createTestApp } from './test-app';
import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from './test-infra';

/**
 * A topic of the spec's own, given by the service's config setting that names it (a
 * `setting.topic`): the spec's topic is the setting's default, the contracts' name, after the
 * spec's prefix. With `partitions` when it needs other than the environment's.
 */
export type TopicBinding = Setting | { setting: Setting; partitions: number };

/** The variable, default name and partitions (if it says) of a topic binding. */
function boundTopic(binding: TopicBinding): {
  variable: string;
  name: string;
  partitions?: number;
} {
  const { setting, partitions } = 'kind' in binding ? { setting: binding } : binding;
  const name: unknown = setting.schema.safeParse(undefined).data;
  if (typeof name !== 'string')
    throw new Error(`${setting.variable} has no default topic name to bind a spec's topic to`);
  return { variable: setting.variable, name, partitions };
}

export type ServiceTestEnvironmentOptions<K extends string> = {
  service: ServiceDescriptor;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** What this spec's topics and consumer group start with, e.g. `crm`. */
  prefix: string;
  /** The service's topic settings by the key the spec names them with. */
  topics: Record<K, TopicBinding>;
  /** The partitions of each topic whose binding does not say; default 3. */
  partitions?: number;
  /** The setting naming the service's consumer group; the spec gets a group of its own. */
  consumerGroupSetting?: string;
  /** The setting holding the admin token; default: the kit's, `<SCHEMA>_ADMIN_TOKEN`. */
  adminTokenSetting?: string;
  /** Default: one made from the spec's prefix. */
  adminToken?: string;
  /** Settings over the service's defaults, e.g. short poll intervals. */
  env?: Record<string, string>;
};

type JsonEvent = Record<string, unknown> & { eventId: string };

export type ServiceTestEnvironment<K extends string> = {
  /** `<prefix>-<unique suffix>`: the consumer group, and what every topic's name starts with. */
  name: string;
  brokers: string[];
  db: TestDatabase;
  /** The spec's topic names by key. */
  topics: Record<K, string>;
  /** The service's dead-letter topic, shared by every spec. */
  deadLetterTopic: string;
  producer: KafkaProducer;
  /** The service's environment: the database's, the spec's topics, group and token, then `env`. */
  env: Record<string, string>;
  /** The `Authorization` header of the admin token. */
  auth: { authorization: string };
  /** Sends events as JSON, keyed by their customer (or, without one, their id), in order. */
  send(topic: string, ...events: JsonEvent[]): Promise<void>;
  /** Deletes the spec's topics and database. */
  drop(): Promise<void>;
};

/**
 * Topics, a consumer group and a database schema (with the service's real migrations) of one
 * spec's own, so specs sharing the broker and the server never see each other's data. The
 * service's dead-letter topic is shared by every spec and is created, never deleted. The outbox
 * relay polls every 20 ms unless `env` says otherwise.
 */
export function serviceTestEnvironment<K extends string>(
  options: ServiceTestEnvironmentOptions<K>,
  overrides: Record<string, string> = {},
): Promise<ServiceTestEnvironment<K>> {
  return serviceEnvironment({
    ...options,
    env: { OUTBOX_POLL_INTERVAL_MS: '20', ...options.env, ...overrides },
  });
}

/**
 * Topics, a consumer group and a database schema of their own, as `serviceTestEnvironment`
 * makes them, with the service's settings left at their defaults but for `options.env`: what a
 * benchmark runs the service on.
 */
export async function serviceEnvironment<K extends string>(
  options: ServiceTestEnvironmentOptions<K>,
): Promise<ServiceTestEnvironment<K>> {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const own = `${options.prefix}-${suffix}`;
  const keys = Object.keys(options.topics) as K[];
  const bound = Object.fromEntries(
    keys.map((key) => [key, boundTopic(options.topics[key])]),
  ) as Record<K, ReturnType<typeof boundTopic>>;
  const topics = Object.fromEntries(
    keys.map((key) => [key, `${own}.${bound[key].name}`]),
  ) as Record<K, string>;
  const deadLetterTopic = deadLetterTopicFor(options.service.name);
  await createTopics(brokers, [
    ...keys.map((key) => ({
      name: topics[key],
      partitions: bound[key].partitions ?? options.partitions ?? 3,
    })),
    { name: deadLetterTopic, partitions: 3 },
  ]);
  const db = await createTestDatabase({
    service: options.service.name,
    migrations: options.migrations,
  });
  const producer = new KafkaProducer({ brokers, clientId: `${own}-test` });
  const adminToken = options.adminToken ?? `test-${own}-admin-token`;
  const env: Record<string, string> = {
    ...db.env,
    [options.adminTokenSetting ?? adminTokenVariable(options.service)]: adminToken,
    ...Object.fromEntries(keys.map((key) => [bound[key].variable, topics[key]])),
    ...(options.consumerGroupSetting ? { [options.consumerGroupSetting]: own } : {}),
    ...options.env,
  };
  return {
    name: own,
    brokers,
    db,
    topics,
    deadLetterTopic,
    producer,
    env,
    auth: { authorization: `Bearer ${adminToken}` },
    async send(topic, ...events) {
      await producer.send(
        topic,
        events.map((event) => ({
          key: String(event['customerId'] ?? event.eventId),
          value: JSON.stringify(event),
        })),
      );
    },
    async drop() {
      await producer.disconnect();
      await deleteTopics(brokers, Object.values<string>(topics));
      await db.drop();
    },
  };
}

export type ServiceTestHarness<K extends string> = ServiceTestEnvironment<K> & {
  /** The real app in this process, initialised on the environment (not listening). */
  readonly app: NestFastifyApplication;
  get(url: string): ReturnType<NestFastifyApplication['inject']>;
  /** With the admin token; `headers` adds to it (e.g. an actor). */
  post(
    url: string,
    payload: object,
    headers?: Record<string, string>,
  ): ReturnType<NestFastifyApplication['inject']>;
  /** Closes the app and starts it again on the same schema and topics, with `env` changed. */
  restart(env?: Record<string, string>): Promise<void>;
  /** Closes the app, then drops the environment. */
  close(): Promise<void>;
};

/**
 * The service's real app in this process on an environment of the spec's own; the environment
 * is dropped again when the app does not start.
 */
export async function startServiceTestHarness<K extends string>(
  options: ServiceTestEnvironmentOptions<K> & {
    module: Type<unknown> | DynamicModule;
    config: ServiceDefinition;
  },
  overrides: Record<string, string> = {},
): Promise<ServiceTestHarness<K>> {
  const environment = await serviceTestEnvironment(options, overrides);
  const boot = (env: Record<string, string> = {}) =>
    createTestApp({
      module: options.module,
      service: options.service,
      config: options.config,
      env: { ...environment.env, ...env },
    });
  let app = await boot().catch(async (error: unknown) => {
    await environment.drop();
    throw error;
  });
  const { auth } = environment;
  return {
    ...environment,
    get app() {
      return app;
    },
    get: (url) => app.inject({ method: 'GET', url, headers: auth }),
    post: (url, payload, headers = {}) =>
      app.inject({ method: 'POST', url, headers: { ...auth, ...headers }, payload }),
    async restart(env = {}) {
      await app.close();
      app = await boot(env);
    },
    async close() {
      await app.close();
      await environment.drop();
    },
  };
}

/**
 * True once the consumer group has recorded every one of `events` in its inbox (so applied
 * them), else undefined: a probe for `eventually`.
 */
export async function processed(
  db: TestDatabase,
  events: readonly { eventId: string; connectorId?: unknown }[],
): Promise<true | undefined> {
  const keys = events.map((event) =>
    eventDedupeKey({
      eventId: event.eventId,
      connectorId: typeof event.connectorId === 'string' ? event.connectorId : undefined,
    }),
  );
  const rows: { n: number }[] = await db.dataSource.query(
    `SELECT count(DISTINCT event_id)::int AS n FROM inbox WHERE event_id = ANY($1::text[])`,
    [keys],
  );
  return rows[0]?.n === new Set(keys).size ? true : undefined;
}
