import { createTopics, deleteTopics, type TopicReader } from '@omni/messaging';
import {
  createTestDatabase,
  eventually,
  journeyShopper,
  resolvedJourney,
  runToCompletion,
  startIngestProcess,
  startServiceProcess,
  testInfra,
  testReader,
  uniqueSuffix,
  waitForHttpOk,
  type IngestProcess,
  type ServiceProcess,
  type TestDatabase,
} from '@omni/testing';
import { auth, crmTestEnvironment, type CrmTestEnvironment } from './support/crm-harness';

const IDENTITY_ADMIN_TOKEN = 'test-identity-admin-token-0123456789';
const CHANNELS = ['web', 'app', 'wechat-miniprogram', 'pos'];

type Points = {
  balance: number;
  lots: { orderId: string | null; earned: number; remaining: number }[];
};
type Customer = {
  customerId: string;
  channels: { channel: string }[];
  orders: { paid: number; paidSpend: { currency: string; amount: number }[] };
  points: { balance: number };
};

/**
 * Ingest, identity-resolution and crm as three real processes on the real broker and database:
 * ingest publishes accepted events to the topic identity reads, and crm reads identity's
 * resolved events and profile changes. Nothing here imports another service's code.
 */
describe('one shopper across web, app, mini-program and store, from ingest to crm', () => {
  const suffix = uniqueSuffix();
  const { brokers } = testInfra();
  const topics = {
    input: `e2e-${suffix}.ingest.events.v1`,
    resolved: `e2e-${suffix}.resolved-events.v1`,
    changes: `e2e-${suffix}.profile-changes.v1`,
  };
  let identityDb: TestDatabase;
  let crmEnv: CrmTestEnvironment;
  let ingest: IngestProcess;
  let identity: ServiceProcess;
  let crm: ServiceProcess;
  let reader: TopicReader;

  beforeAll(async () => {
    await createTopics(brokers, [
      ...Object.values(topics).map((name) => ({ name, partitions: 3 })),
      { name: 'identity-resolution.dlt.v1', partitions: 3 },
    ]);
    identityDb = await createTestDatabase({ service: 'identity-resolution' });
    await runToCompletion('apps/identity-resolution/src/migrate.ts', ['up'], identityDb.env);
    crmEnv = await crmTestEnvironment({
      CRM_RESOLVED_EVENTS_TOPIC: topics.resolved,
      CRM_PROFILE_CHANGES_TOPIC: topics.changes,
    });
    // Each is assigned as soon as it runs, so afterAll stops whatever did start.
    identity = await startServiceProcess('apps/identity-resolution/src/main.ts', {
      ...identityDb.env,
      IDENTITY_ADMIN_TOKEN,
      IDENTITY_INPUT_TOPIC: topics.input,
      IDENTITY_RESOLVED_TOPIC: topics.resolved,
      IDENTITY_PROFILE_CHANGES_TOPIC: topics.changes,
      IDENTITY_CONSUMER_GROUP: `e2e-idr-${suffix}`,
      OUTBOX_POLL_INTERVAL_MS: '20',
    });
    crm = await startServiceProcess('apps/crm/src/main.ts', crmEnv.env);
    ingest = await startIngestProcess(topics.input, CHANNELS);
    // Generous: the machine is shared, and a cold start compiles TypeScript.
    for (const proc of [identity, crm]) {
      try {
        await waitForHttpOk(proc.url('/health/ready'), 240_000);
      } catch (error) {
        throw new Error(`${String(error)}\n${proc.output()}`);
      }
    }
    reader = await testReader(topics.resolved);
  }, 600_000);

  afterAll(async () => {
    await crm?.stop('SIGKILL');
    await identity?.stop('SIGKILL');
    await ingest?.close();
    await reader?.close();
    await crmEnv?.drop();
    await identityDb?.drop();
    await deleteTopics(brokers, Object.values(topics));
  });

  const order = (orderId: string, yuan: number) => ({
    orderId,
    amount: { amount: yuan * 100, currency: 'CNY' },
    paymentId: `pay-${orderId}`,
  });

  const crmGet = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(crm.url(path), { headers: auth });
    return { status: response.status, body: (await response.json()) as T };
  };

  it('yields one crm customer whose points come from the orders of every channel', async () => {
    const orders = {
      web: `web-${suffix}`,
      app: `app-${suffix}`,
      mini: `mini-${suffix}`,
      store: `pos-${suffix}`,
    };
    const shopper = journeyShopper(suffix, '13955556677');
    const steps = await resolvedJourney(ingest, reader, {
      browsing: ['page.viewed', 'web', shopper.web, 90],
      webOrder: ['order.paid', 'web', shopper.web, 80, order(orders.web, 100)],
      appLogin: ['customer.identified', 'app', shopper.appLogin, 70],
      appOrder: ['order.paid', 'app', shopper.app, 60, order(orders.app, 200)],
      // The web login links the cookie to the phone: the app's profile merges into the web one.
      webLogin: ['customer.identified', 'web', shopper.webLogin, 50],
      miniOrder: ['order.paid', 'wechat-miniprogram', shopper.mini, 40, order(orders.mini, 300)],
      storeOrder: ['order.paid', 'pos', shopper.store, 30, order(orders.store, 400)],
    });

    const survivor = steps.browsing.customerId as string;
    expect(survivor).toMatch(/^cus_/);
    expect(steps.webOrder.customerId).toBe(survivor);
    // Before the web login the app was a person of its own, with its own order.
    expect(steps.appOrder.customerId).toBe(steps.appLogin.customerId);
    expect(steps.appLogin.customerId).not.toBe(survivor);
    expect([steps.miniOrder.customerId, steps.storeOrder.customerId]).toEqual([survivor, survivor]);

    // crm follows: the app profile's lot moves with the merge, and every channel's order earned.
    const points = await eventually(
      async () => {
        const { status, body } = await crmGet<Points>(`/v1/customers/${survivor}/points`);
        return status === 200 && body.lots.length === 4 ? body : undefined;
      },
      'crm to hold the lots of all four orders under the survivor',
      60_000,
    );
    expect(points.balance).toBe(1000);
    expect(points.lots.map((lot) => [lot.orderId, lot.earned, lot.remaining]).sort()).toEqual(
      [
        [orders.app, 200, 200],
        [orders.mini, 300, 300],
        [orders.store, 400, 400],
        [orders.web, 100, 100],
      ].sort(),
    );

    const customer = await crmGet<Customer>(`/v1/customers/${survivor}`);
    expect(customer.status).toBe(200);
    expect(customer.body.customerId).toBe(survivor);
    expect(customer.body.points.balance).toBe(1000);
    expect(customer.body.orders.paid).toBe(4);
    expect(customer.body.orders.paidSpend).toEqual([{ currency: 'CNY', amount: 100_000 }]);
    expect(customer.body.channels.map((c) => c.channel).sort()).toEqual([...CHANNELS].sort());

    // The app's own id, merged, leads to the survivor.
    const merged = await fetch(crm.url(`/v1/customers/${steps.appLogin.customerId}/points`), {
      headers: auth,
      redirect: 'manual',
    });
    expect(merged.status).toBe(308);
    expect(merged.headers.get('location')).toBe(`/v1/customers/${survivor}/points`);
  });
});
