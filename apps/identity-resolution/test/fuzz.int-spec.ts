import fc from 'fast-check';
import type { Identifiers } from '@omni/contracts';
import type { KafkaProducer } from '@omni/messaging';
import {
  fuzzEndpoint,
  itFuzzesEveryEndpoint,
  pageQuery,
  startServiceProcess,
  testProducer,
  uniqueSuffix,
  type FuzzEndpoint,
  type ServiceProcess,
} from '@omni/testing';
import {
  ADMIN_TOKEN,
  channelEvent,
  IDENTITY_MAIN,
  identityTestEnv,
  resolvedCustomers,
  type IdentityTestEnv,
} from './support/identity-harness';

type Profile = { customerId: string; email: string; cookieId: string };

describe('fuzzing every HTTP endpoint of identity-resolution', () => {
  let testEnv: IdentityTestEnv;
  let proc: ServiceProcess;
  let producer: KafkaProducer;

  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  /** Profiles made the way production makes them: events on the input topic, resolved by the consumer. */
  async function createProfiles(count: number): Promise<Profile[]> {
    const people = Array.from({ length: count }, () => {
      const id = uniqueSuffix() + uniqueSuffix();
      return { email: `fuzz-${id}@example.com`, cookieId: `ck-${id}` };
    });
    const events = people.map((person) =>
      channelEvent(
        'customer.identified',
        'web',
        person satisfies Identifiers,
        new Date().toISOString(),
      ),
    );
    await producer.send(
      testEnv.topics.input,
      events.map((value) => ({ key: value.eventId, value })),
    );
    const customers = await resolvedCustomers(
      testEnv.db,
      events.map((event) => event.eventId),
    );
    return people.map((person, index) => ({
      ...person,
      customerId: customers.get(events[index].eventId)!,
    }));
  }

  beforeAll(async () => {
    testEnv = await identityTestEnv({ env: { LOG_LEVEL: 'error' } });
    producer = testProducer();
    proc = await startServiceProcess(IDENTITY_MAIN, testEnv.env, { waitFor: '/health/ready' });
  });

  afterAll(async () => {
    await proc?.stop();
    await producer?.disconnect();
    await testEnv?.drop();
  });

  async function identityEndpoints(): Promise<FuzzEndpoint[]> {
    // The hostile requests work on profiles of their own (they may merge, split or erase them);
    // the valid requests sent alongside use others, so they keep their expected answers.
    const [fuzzed, [shown, mergedA, mergedB, splitFrom]] = await Promise.all([
      createProfiles(6),
      createProfiles(4),
    ]);
    const fuzzedId = fc.constantFrom(...fuzzed.map((p) => p.customerId));
    const fuzzedPerson = fc.constantFrom(...fuzzed);
    const audit = {
      actor: fc.constant('ops:fuzz'),
      reason: fc.constant('fuzzing the admin API'),
      dryRun: fc.boolean(),
    };
    const ok = { status: 200 };
    const json = (body: unknown) => ({
      headers: { ...admin, 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
    });

    return [
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/profiles/lookup',
          headers: admin,
          query: fuzzedPerson.chain((person) =>
            fc.constantFrom(
              { type: 'email', value: person.email },
              { type: 'cookieId', value: person.cookieId },
            ),
          ),
        },
        {
          ...ok,
          request: async () => ({
            method: 'GET',
            target: `/v1/profiles/lookup?type=email&value=${encodeURIComponent(shown.email)}`,
            headers: admin,
          }),
        },
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/profiles/merge',
          headers: admin,
          body: fc.record({
            customerIds: fc.tuple(fuzzedId, fuzzedId),
            ...audit,
          }),
        },
        {
          ...ok,
          request: async () => ({
            method: 'POST',
            target: '/v1/profiles/merge',
            ...json({
              customerIds: [mergedA.customerId, mergedB.customerId],
              actor: 'ops:fuzz',
              reason: 'a dry run alongside the fuzzing',
              dryRun: true,
            }),
          }),
        },
      ),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/profiles/{customerId}',
          params: { customerId: fuzzedId },
          headers: admin,
        },
        { ...ok, params: { customerId: shown.customerId } },
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/profiles/{customerId}/split',
          headers: admin,
          params: { customerId: fuzzedId },
          body: fc.record({
            identifiers: fuzzedPerson.map((person) => [
              { type: 'cookieId', value: person.cookieId },
            ]),
            ...audit,
          }),
        },
        {
          ...ok,
          request: async () => ({
            method: 'POST',
            target: `/v1/profiles/${splitFrom.customerId}/split`,
            ...json({
              identifiers: [{ type: 'cookieId', value: splitFrom.cookieId }],
              actor: 'ops:fuzz',
              reason: 'a dry run alongside the fuzzing',
              dryRun: true,
            }),
          }),
        },
      ),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/conflicts',
          headers: admin,
          query: pageQuery({
            status: fc.constantFrom('open', 'resolved'),
            afterId: fc.nat().map(String),
          }),
        },
        ok,
      ),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/erasures',
          headers: admin,
          body: fc.record(
            { customerId: fuzzedId, actor: audit.actor, reason: audit.reason },
            { requiredKeys: ['customerId'] },
          ),
        },
        {
          ...ok,
          // Each valid erasure needs a profile nobody erased yet.
          request: async () => {
            const [fresh] = await createProfiles(1);
            return {
              method: 'POST',
              target: '/v1/erasures',
              ...json({ customerId: fresh.customerId, reason: 'erased alongside the fuzzing' }),
            };
          },
        },
      ),
    ];
  }

  itFuzzesEveryEndpoint({
    app: 'identity-resolution',
    proc: () => proc,
    endpoints: identityEndpoints,
  });
});
