import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { goldenFixture, type Identifiers } from '@omni/contracts';
import { createTopicReader, createTopics, deleteTopics, type TopicReader } from '@omni/messaging';
import {
  createTestDatabase,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  waitForHttpOk,
  type ServiceProcess,
  type TestDatabase,
} from '@omni/testing';
import { migrations } from '../src/migrations';
import { service } from '../src/service';
import { ADMIN_TOKEN, eventually } from './support/identity-harness';

const root = path.resolve(__dirname, '../../..');
const INGEST_ADMIN_TOKEN = 'test-ingest-admin-token-0123456789';

/** Runs a TypeScript entry point to completion, e.g. ingest's `migrate.ts up`. */
async function runToCompletion(
  entry: string,
  argv: string[],
  env: Record<string, string>,
): Promise<void> {
  const child = spawn(
    process.execPath,
    ['-r', path.join(root, 'tools/ts-register.cjs'), path.join(root, entry), ...argv],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${entry} ${argv.join(' ')} exited with ${code}: ${output}`);
}

type Resolved = { eventId: string; customerId?: string; channel: string; type: string };

describe('a shopper journey sent through the ingest HTTP API', () => {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    events: `idj-${suffix}.ingest-events.v1`,
    rejected: `idj-${suffix}.ingest-rejected.v1`,
    raw: `idj-${suffix}.ingest-raw.v1`,
    resolved: `idj-${suffix}.resolved-events.v1`,
    changes: `idj-${suffix}.profile-changes.v1`,
  };
  let ingestDb: TestDatabase;
  let identityDb: TestDatabase;
  let ingest: ServiceProcess;
  let identity: ServiceProcess;
  let reader: TopicReader;
  let connectorKey: string;

  beforeAll(async () => {
    await createTopics(brokers, [
      ...Object.values(topics).map((name) => ({ name, partitions: 3 })),
      { name: 'identity-resolution.dlt.v1', partitions: 3 },
      { name: 'ingest.dlt.v1', partitions: 3 },
    ]);
    // Ingest's schema comes from its own migrate command: identity code never imports ingest code.
    ingestDb = await createTestDatabase({ service: 'ingest' });
    await runToCompletion('apps/ingest/src/migrate.ts', ['up'], ingestDb.env);
    identityDb = await createTestDatabase({ service: service.name, migrations });
    [ingest, identity] = await Promise.all([
      startServiceProcess('apps/ingest/src/main.ts', {
        ...ingestDb.env,
        INGEST_ADMIN_TOKEN,
        INGEST_SCRYPT_COST: '1024',
        INGEST_EVENTS_TOPIC: topics.events,
        INGEST_REJECTED_TOPIC: topics.rejected,
        INGEST_RAW_TOPIC: topics.raw,
        INGEST_RAW_CONSUMER_ENABLED: 'false',
        OUTBOX_POLL_INTERVAL_MS: '20',
      }),
      startServiceProcess('apps/identity-resolution/src/main.ts', {
        ...identityDb.env,
        IDENTITY_ADMIN_TOKEN: ADMIN_TOKEN,
        IDENTITY_INPUT_TOPIC: topics.events,
        IDENTITY_RESOLVED_TOPIC: topics.resolved,
        IDENTITY_PROFILE_CHANGES_TOPIC: topics.changes,
        IDENTITY_CONSUMER_GROUP: `idj-${suffix}`,
        OUTBOX_POLL_INTERVAL_MS: '20',
      }),
    ]);
    await Promise.all([
      waitForHttpOk(`http://127.0.0.1:${ingest.port}/health/ready`),
      waitForHttpOk(`http://127.0.0.1:${identity.port}/health/ready`),
    ]);
    reader = await createTopicReader({
      brokers,
      clientId: `idj-reader-${suffix}`,
      topic: topics.resolved,
      fromBeginning: true,
    });
    const created = await fetch(`http://127.0.0.1:${ingest.port}/v1/admin/connectors`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${INGEST_ADMIN_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        id: `journey-${suffix}`,
        name: 'Journey test',
        channels: ['web', 'app', 'wechat-miniprogram', 'pos'],
      }),
    });
    expect(created.status).toBe(201);
    connectorKey = ((await created.json()) as { key: string }).key;
  });

  afterAll(async () => {
    for (const proc of [ingest, identity]) {
      if (proc !== undefined && proc.child.exitCode === null) {
        proc.child.kill('SIGTERM');
        await proc.exited;
      }
    }
    await reader?.close();
    await deleteTopics(brokers, Object.values(topics));
    await ingestDb?.drop();
    await identityDb?.drop();
  });

  const post = async (
    type: 'page.viewed' | 'customer.identified' | 'order.paid' | 'order.placed',
    channel: string,
    identifiers: Identifiers,
    minutesAgo: number,
  ) => {
    const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const event = {
      ...goldenFixture(type, 1),
      eventId: randomUUID(),
      channel,
      identifiers,
      occurredAt: at,
      sentAt: at,
    };
    // Ingest sets these itself.
    delete (event as { receivedAt?: unknown }).receivedAt;
    delete (event as { connectorId?: unknown }).connectorId;
    const response = await fetch(`http://127.0.0.1:${ingest.port}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${connectorKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [event] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { results: unknown[] }).results).toEqual([
      expect.objectContaining({ status: 'accepted' }),
    ]);
    // A journey happens in order: each step is resolved before the next is sent.
    return (await eventually(
      async () =>
        reader.messages
          .map((m) => JSON.parse((m.value as Buffer).toString('utf8')) as Resolved)
          .find((v) => v.eventId === event.eventId),
      `${type} on ${channel} to be resolved`,
    )) as Resolved;
  };

  it('anonymous web browsing, an app login by phone, a mini-program payment with a unionId and a store purchase with a loyalty card end under one customerId', async () => {
    const browsing = await post('page.viewed', 'web', { cookieId: `ck-${suffix}` }, 60);
    const login = await post(
      'customer.identified',
      'app',
      { deviceId: `dev-${suffix}`, phone: '+86 139-2222-3344' },
      50,
    );
    const webLogin = await post(
      'customer.identified',
      'web',
      { cookieId: `ck-${suffix}`, phone: '13922223344' },
      45,
    );
    const payment = await post(
      'order.paid',
      'wechat-miniprogram',
      { wechatUnionId: `union-${suffix}`, phone: '13922223344' },
      40,
    );
    const store = await post(
      'order.placed',
      'pos',
      { loyaltyCard: `LC-${suffix}`, phone: '+8613922223344' },
      30,
    );

    // The anonymous web profile is the oldest, so it survives the merge the web login causes.
    const survivor = browsing.customerId;
    expect(survivor).toMatch(/^cus_/);
    expect([webLogin, payment, store].map((e) => e.customerId)).toEqual([
      survivor,
      survivor,
      survivor,
    ]);
    const profileOf = async (customerId: string | undefined) => {
      const response = await fetch(`http://127.0.0.1:${identity.port}/v1/profiles/${customerId}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      return (await response.json()) as { customerId: string; identifiers: { type: string }[] };
    };
    // The app login's own profile is now an alias of the survivor.
    expect(login.customerId).not.toBe(survivor);
    expect((await profileOf(login.customerId)).customerId).toBe(survivor);
    const types = (await profileOf(survivor)).identifiers.map((i) => i.type).sort();
    expect(types).toEqual(['cookieId', 'deviceId', 'loyaltyCard', 'phone', 'wechatUnionId']);
  });
});
