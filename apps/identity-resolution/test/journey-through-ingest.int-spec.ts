import { createTopicReader, type TopicReader } from '@omni/messaging';
import {
  resolvedStep,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  type JourneyStep,
  type ServiceProcess,
} from '@omni/testing';
import {
  ADMIN_TOKEN,
  IDENTITY_MAIN,
  identityTestEnv,
  type IdentityTestEnv,
} from './support/identity-harness';
import { startIngestProcess, type IngestProcess } from './support/ingest-process';

type Resolved = { eventId: string; customerId?: string; channel: string; type: string };

describe('a shopper journey sent through the ingest HTTP API', () => {
  const suffix = uniqueSuffix();
  let identityEnv: IdentityTestEnv;
  let identity: ServiceProcess;
  let ingest: IngestProcess;
  let reader: TopicReader;

  beforeAll(async () => {
    identityEnv = await identityTestEnv();
    [ingest, identity] = await Promise.all([
      // Ingest publishes to the topic identity reads.
      startIngestProcess(identityEnv.topics.input, ['web', 'app', 'wechat-miniprogram', 'pos']),
      startServiceProcess(IDENTITY_MAIN, identityEnv.env, { waitFor: '/health/ready' }),
    ]);
    reader = await createTopicReader({
      brokers: testInfra().brokers,
      clientId: `idj-reader-${suffix}`,
      topic: identityEnv.topics.resolved,
      fromBeginning: true,
    });
  });

  afterAll(async () => {
    await identity?.stop();
    await ingest?.close();
    await reader?.close();
    await identityEnv?.drop();
  });

  const post = (...step: JourneyStep) => resolvedStep<Resolved>(ingest, reader, ...step);

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
      const response = await fetch(identity.url(`/v1/profiles/${customerId}`), {
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
