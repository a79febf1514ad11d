import fc from 'fast-check';
import { createTopics, deleteTopics } from '@omni/messaging';
import {
  createTestDatabase,
  fuzzEndpoint,
  itFuzzesEveryEndpoint,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  type FuzzEndpoint,
  type ServiceProcess,
  type TestDatabase,
} from '@omni/testing';
import { migrations } from '../src/migrations';
import { service } from '../src/service';
import { ADMIN_TOKEN } from './support/pricing-harness';

const change = { actor: 'ops:fuzz', reason: 'fuzz' };
const sku = fc.stringMatching(/^FUZZ-[A-Z0-9]{4}$/);
const currency = fc.constant('CNY');
const channel = fc.constantFrom('tmall', 'jd', 'pos');
const group = fc.constantFrom('gold', 'silver', 'new');
const price = fc.record(
  {
    sku,
    amount: fc.integer({ min: 6_000, max: 20_000 }),
    currency,
    channel,
    customerGroup: group,
  },
  { requiredKeys: ['sku', 'amount', 'currency'] },
);

describe('fuzzing every HTTP endpoint of pricing', () => {
  let db: TestDatabase;
  let proc: ServiceProcess;
  const topics = {
    changes: `prc-fuzz-${uniqueSuffix()}.price-changes.v1`,
    feed: `prc-fuzz-${uniqueSuffix()}.resolved-events.v1`,
  };
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    const { brokers } = testInfra();
    await createTopics(brokers, [
      { name: topics.changes, partitions: 3 },
      { name: topics.feed, partitions: 3 },
    ]);
    db = await createTestDatabase({ service: service.name, migrations });
    proc = await startServiceProcess(
      'apps/pricing/src/main.ts',
      {
        ...db.env,
        LOG_LEVEL: 'error',
        PRICING_ADMIN_TOKEN: ADMIN_TOKEN,
        PRICING_PRICE_CHANGES_TOPIC: topics.changes,
        PRICING_FEED_TOPIC: topics.feed,
        PRICING_FEED_GROUP_ID: `prc-fuzz-${uniqueSuffix()}`,
        PRICING_SALES_CHANNELS: 'tmall,jd,pos',
      },
      { waitFor: '/health/ready' },
    );
  });

  afterAll(async () => {
    await proc?.stop();
    await db?.drop();
    await deleteTopics(testInfra().brokers, [topics.changes, topics.feed]);
  });

  async function call(method: string, path: string, body?: object): Promise<{ id?: string }> {
    const response = await fetch(proc.url(path), {
      method,
      headers: { ...admin, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id?: string };
  }

  /** A draft list with one price, for the requests that use one up (publish, import, prices). */
  const newDraft = async () =>
    (
      await call('POST', '/v1/price-lists', {
        name: 'fuzz draft',
        prices: [
          {
            sku: `FUZZ-D${uniqueSuffix().slice(0, 6).toUpperCase()}`,
            amount: 9_000,
            currency: 'CNY',
          },
        ],
        ...change,
      })
    ).id!;

  async function pricingEndpoints(): Promise<FuzzEndpoint[]> {
    const settled = 'FUZZ-SET1';
    await call('PUT', `/v1/skus/${settled}/settings`, {
      currency: 'CNY',
      cost: 5_000,
      minMargin: 0.2,
      ceiling: 50_000,
      ...change,
    });
    const published = await newDraft();
    await call('POST', `/v1/price-lists/${published}/publish`, change);
    // Targets of the hostile requests: drafts they may add to, publish, archive or import into.
    const drafts = await Promise.all(Array.from({ length: 4 }, newDraft));
    const listId = fc.constantFrom(...drafts, published);
    const ok = { status: 200 };
    const fresh = (
      method: 'POST',
      path: (id: string) => string,
      body: () => object,
      status: number,
    ) => ({
      status,
      request: async () => ({
        method,
        target: path(await newDraft()),
        headers: { ...admin, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body())),
      }),
    });
    return [
      fuzzEndpoint(
        {
          method: 'PUT',
          path: '/v1/skus/{sku}/settings',
          headers: admin,
          params: { sku },
          body: fc.record({
            currency,
            cost: fc.integer({ min: 0, max: 5_000 }),
            minMargin: fc.constantFrom(0, 0.1, '0.25'),
            ceiling: fc.integer({ min: 30_000, max: 90_000 }),
            actor: fc.constant(change.actor),
            reason: fc.constant(change.reason),
          }),
        },
        ok,
      ),
      fuzzEndpoint(
        { method: 'GET', path: '/v1/skus/{sku}/settings', headers: admin, params: { sku } },
        { ...ok, params: { sku: settled } },
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/price-lists',
          headers: admin,
          body: fc.record({
            name: fc.constant('fuzzed list'),
            prices: fc.array(price, { maxLength: 3 }),
            actor: fc.constant(change.actor),
            reason: fc.constant(change.reason),
          }),
        },
        { status: 201 },
      ),
      fuzzEndpoint({ method: 'GET', path: '/v1/price-lists', headers: admin }, ok),
      fuzzEndpoint(
        { method: 'GET', path: '/v1/price-lists/{id}', headers: admin, params: { id: listId } },
        { ...ok, params: { id: published } },
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/price-lists/{id}/prices',
          headers: admin,
          params: { id: listId },
          body: fc.record({
            prices: fc.array(price, { minLength: 1, maxLength: 3 }),
            actor: fc.constant(change.actor),
            reason: fc.constant(change.reason),
          }),
        },
        fresh(
          'POST',
          (id) => `/v1/price-lists/${id}/prices`,
          () => ({ prices: [{ sku: 'FUZZ-ADD1', amount: 9_100, currency: 'CNY' }], ...change }),
          201,
        ),
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/price-lists/{id}/publish',
          headers: admin,
          params: { id: listId },
          body: fc.constant(change),
        },
        fresh(
          'POST',
          (id) => `/v1/price-lists/${id}/publish`,
          () => change,
          200,
        ),
      ),
      fuzzEndpoint({
        method: 'POST',
        path: '/v1/price-lists/{id}/archive',
        headers: admin,
        params: { id: listId },
        body: fc.constant(change),
      }),
      fuzzEndpoint({
        method: 'POST',
        path: '/v1/price-lists/{id}/imports/json',
        headers: admin,
        params: { id: listId },
        query: fc.record({
          reason: fc.constant('fuzz'),
          publish: fc.constantFrom('true', 'false'),
        }),
        body: fc.array(price, { maxLength: 5 }),
      }),
      fuzzEndpoint({
        method: 'POST',
        path: '/v1/price-lists/{id}/imports/csv',
        headers: { ...admin, 'x-omni-actor': 'ops:fuzz' },
        params: { id: listId },
        query: fc.record({ reason: fc.constant('fuzz') }),
        body: fc.constant('sku,amount,currency\nFUZZ-CSV1,9000,CNY\n'),
      }),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/price-lists/{id}/export',
          headers: admin,
          params: { id: listId },
          query: fc.record({ format: fc.constantFrom('csv', 'json') }, { requiredKeys: [] }),
        },
        { ...ok, params: { id: published } },
      ),
      fuzzEndpoint({
        method: 'GET',
        path: '/v1/imports/{id}',
        headers: admin,
        params: { id: fc.constantFrom('imp_missing', 'imp_x') },
      }),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/prices/select',
          headers: admin,
          body: fc.record(
            {
              skus: fc.array(sku, { minLength: 1, maxLength: 5 }),
              currency,
              channel,
              customerGroups: fc.array(group, { maxLength: 2 }),
              country: fc.constantFrom('CN', 'HK'),
              quantity: fc.integer({ min: 1, max: 20 }),
            },
            { requiredKeys: ['skus', 'currency', 'channel'] },
          ),
        },
        ok,
      ),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/prices/history',
          headers: admin,
          query: fc.record({ sku, currency, channel }),
        },
        ok,
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/fairness/exemptions',
          headers: admin,
          body: fc.record({
            baselineGroup: fc.constant('new'),
            sku,
            actor: fc.constant(change.actor),
            reason: fc.constant(change.reason),
          }),
        },
        { status: 201 },
      ),
      fuzzEndpoint({ method: 'GET', path: '/v1/fairness/exemptions', headers: admin }, ok),
      fuzzEndpoint({ method: 'GET', path: '/v1/fairness/corrections', headers: admin }, ok),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/audit',
          headers: admin,
          query: fc.record(
            { sku, limit: fc.integer({ min: 1, max: 1_000 }).map(String) },
            { requiredKeys: [] },
          ),
        },
        ok,
      ),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/consistency',
          headers: admin,
          query: fc.record(
            { status: fc.constantFrom('open', 'resolved', 'all') },
            { requiredKeys: [] },
          ),
        },
        ok,
      ),
      fuzzEndpoint({ method: 'GET', path: '/v1/rules/catalog', headers: admin }, ok),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/rules',
          headers: admin,
          body: fc.record({
            sku: fc.constant(settled),
            rule: fc.constant('competitor'),
            args: fc.record({
              beatBy: fc.integer({ min: 0, max: 100 }),
              maxAgeMinutes: fc.integer({ min: 1, max: 1_440 }),
              maxReduction: fc.integer({ min: 0, max: 1_000 }),
            }),
            priority: fc.integer({ min: 1, max: 10 }),
            actor: fc.constant(change.actor),
            reason: fc.constant(change.reason),
          }),
        },
        { status: 201 },
      ),
      fuzzEndpoint(
        { method: 'GET', path: '/v1/rules', headers: admin, query: fc.record({ sku }) },
        ok,
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/rules/dry-run',
          headers: admin,
          body: fc.record({ skus: fc.array(sku, { minLength: 1, maxLength: 5 }) }),
        },
        ok,
      ),
    ];
  }

  itFuzzesEveryEndpoint({ app: 'pricing', proc: () => proc, endpoints: pricingEndpoints });
});
