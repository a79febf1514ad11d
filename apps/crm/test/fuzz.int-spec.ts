import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  fuzzEndpoint,
  itFuzzesEveryEndpoint,
  pageQuery,
  startServiceProcess,
  waitForHttpOk,
  type FuzzEndpoint,
  type ServiceProcess,
} from '@omni/testing';
import {
  ADMIN_TOKEN,
  crmTestEnvironment,
  eventually,
  processed,
  resolvedEvent,
  type CrmTestEnvironment,
} from './support/crm-harness';

describe('fuzzing every HTTP endpoint of crm', () => {
  let testEnv: CrmTestEnvironment;
  let proc: ServiceProcess;

  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    headers: { ...admin, ...headers, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
  });

  /** Customers made the way production makes them: a paid order on the resolved topic. */
  async function createCustomers(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => `cus_fuzz_${randomUUID()}`);
    const events = ids.map((id) =>
      resolvedEvent('order.paid', id, {
        payload: { orderId: `o-${id}`, amount: { amount: 100_000_000, currency: 'CNY' } },
      }),
    );
    await testEnv.send(testEnv.topics.resolvedEvents, ...events);
    await eventually(() => processed(testEnv.db, events), 'the customers to be created', 60_000);
    return ids;
  }

  beforeAll(async () => {
    testEnv = await crmTestEnvironment({
      LOG_LEVEL: 'error',
      CRM_POINTS_EXPIRY_INTERVAL_MS: '0',
      CRM_TIER_ASSESSMENT_INTERVAL_MS: '0',
    });
    proc = await startServiceProcess('apps/crm/src/main.ts', testEnv.env);
    await waitForHttpOk(proc.url('/health/ready'), 240_000);
  }, 300_000);

  afterAll(async () => {
    await proc?.stop();
    await testEnv?.drop();
  });

  async function crmEndpoints(): Promise<FuzzEndpoint[]> {
    // Hostile requests work on customers of their own; the valid ones on another.
    const [fuzzed, [shown]] = await Promise.all([createCustomers(4), createCustomers(1)]);
    const fuzzedId = fc.constantFrom(...fuzzed);
    const ok = { status: 200 };
    const page = pageQuery({ after: fc.integer({ min: 1, max: 1_000_000 }).map(String) });
    const segment = fc.record({
      name: fc.uuid().map((id) => `fuzz ${id}`),
      rule: fc.constantFrom(
        { field: 'valueTier', op: 'eq', value: 'high' },
        { all: [{ field: 'orders', op: 'gte', value: 1 }] },
      ),
      actor: fc.constant('ops:fuzz'),
    });
    const segmentId = await (async () => {
      const response = await fetch(proc.url('/v1/segments'), {
        method: 'POST',
        ...json({
          name: `shown ${randomUUID()}`,
          rule: { field: 'orders', op: 'gte', value: 1 },
          actor: 'ops:fuzz',
        }),
      });
      if (response.status !== 201)
        throw new Error(`segment: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { segmentId: string }).segmentId;
    })();
    const customerGet = (path: string, query?: fc.Arbitrary<Record<string, string>>) =>
      fuzzEndpoint(
        {
          method: 'GET',
          path,
          headers: admin,
          params: { customerId: fuzzedId },
          ...(query && { query }),
        },
        { ...ok, params: { customerId: shown } },
      );

    return [
      customerGet('/v1/customers/{customerId}'),
      customerGet('/v1/customers/{customerId}/export'),
      customerGet(
        '/v1/customers/{customerId}/points',
        fc.record(
          {
            limit: fc.integer({ min: 1, max: 500 }).map(String),
            before: fc.integer({ min: 1, max: 1_000_000 }).map(String),
          },
          { requiredKeys: [] },
        ),
      ),
      customerGet('/v1/customers/{customerId}/points/lots', page),
      customerGet('/v1/customers/{customerId}/points/entries', page),
      customerGet('/v1/customers/{customerId}/tier-changes', page),
      customerGet('/v1/customers/{customerId}/consent'),
      customerGet('/v1/customers/{customerId}/journeys'),
      fuzzEndpoint(
        {
          method: 'PUT',
          path: '/v1/customers/{customerId}/consent',
          headers: admin,
          params: { customerId: fuzzedId },
          body: fc.record({
            consents: fc.constant([{ channel: 'sms', purpose: 'marketing', granted: true }]),
            actor: fc.constant('ops:fuzz'),
          }),
        },
        {
          ...ok,
          request: async () => ({
            method: 'PUT',
            target: `/v1/customers/${shown}/consent`,
            ...json({
              consents: [{ channel: 'sms', purpose: 'marketing', granted: true }],
              actor: 'ops:fuzz',
            }),
          }),
        },
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/customers/{customerId}/points/redemptions',
          headers: { ...admin, 'Idempotency-Key': 'fuzz-key' },
          params: { customerId: fuzzedId },
          body: fc.record({ points: fc.integer({ min: 1, max: 10 }) }),
        },
        {
          status: 201,
          request: async () => ({
            method: 'POST',
            target: `/v1/customers/${shown}/points/redemptions`,
            ...json({ points: 1 }, { 'idempotency-key': `valid-${randomUUID()}` }),
          }),
        },
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/customers/{customerId}/points/adjustments',
          headers: admin,
          params: { customerId: fuzzedId },
          body: fc.record({
            points: fc.integer({ min: 1, max: 100 }),
            reason: fc.constant('fuzzing'),
          }),
        },
        {
          status: 201,
          request: async () => ({
            method: 'POST',
            target: `/v1/customers/${shown}/points/adjustments`,
            ...json({ points: 1, reason: 'alongside the fuzzing' }),
          }),
        },
      ),
      fuzzEndpoint({ method: 'POST', path: '/v1/points/expiry-runs', headers: admin }, ok),
      fuzzEndpoint({ method: 'POST', path: '/v1/tiers/assessments', headers: admin }, ok),
      fuzzEndpoint(
        { method: 'POST', path: '/v1/segments', headers: admin, body: segment },
        {
          status: 201,
          request: async () => ({
            method: 'POST',
            target: '/v1/segments',
            ...json(fc.sample(segment, 1)[0]),
          }),
        },
      ),
      fuzzEndpoint({ method: 'GET', path: '/v1/segments', headers: admin }, ok),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/segments/{segmentId}',
          headers: admin,
          params: { segmentId: fc.constant(segmentId) },
        },
        ok,
      ),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/segments/{segmentId}/members',
          headers: admin,
          params: { segmentId: fc.constant(segmentId) },
          query: pageQuery({ after: fc.constantFrom(...fuzzed) }),
        },
        ok,
      ),
    ];
  }

  itFuzzesEveryEndpoint({ app: 'crm', proc: () => proc, endpoints: crmEndpoints });
});
