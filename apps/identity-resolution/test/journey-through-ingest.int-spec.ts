import type { TopicReader } from '@omni/messaging';
import {
  journeyShopper,
  resolvedJourney,
  startServiceProcess,
  testReader,
  uniqueSuffix,
  type ServiceProcess,
} from '@omni/testing';
import {
  ADMIN_TOKEN,
  IDENTITY_MAIN,
  identityTestEnv,
  type IdentityTestEnv,
} from './support/identity-harness';
import { startIngestProcess, type IngestProcess } from './support/ingest-process';

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
    reader = await testReader(identityEnv.topics.resolved);
  });

  afterAll(async () => {
    await identity?.stop();
    await ingest?.close();
    await reader?.close();
    await identityEnv?.drop();
  });

  it('anonymous web browsing, an app login by phone, a mini-program payment with a unionId and a store purchase with a loyalty card end under one customerId', async () => {
    const shopper = journeyShopper(suffix, '13922223344');
    const { browsing, login, webLogin, payment, store } = await resolvedJourney(ingest, reader, {
      browsing: ['page.viewed', 'web', shopper.web, 60],
      login: ['customer.identified', 'app', shopper.appLogin, 50],
      webLogin: ['customer.identified', 'web', shopper.webLogin, 45],
      payment: ['order.paid', 'wechat-miniprogram', shopper.mini, 40],
      store: ['order.placed', 'pos', shopper.store, 30],
    });

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
