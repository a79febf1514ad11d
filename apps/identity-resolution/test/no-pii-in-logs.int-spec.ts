import { randomUUID } from 'node:crypto';
import { goldenFixture } from '@omni/contracts';
import {
  eventually,
  itLogsNoPersonalData,
  knownPerson,
  logsOfRun,
  type ServiceProcess,
} from '@omni/testing';
import { ADMIN_TOKEN, IDENTITY_MAIN, identityTestEnv } from './support/identity-harness';

const person = knownPerson;
const { phone, email } = person;
const unknownPhone = '+8613900007777';

describe('identity logs at the most verbose level', () => {
  let identity: ServiceProcess;

  const url = (path: string) => identity.url(path);
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const get = (path: string) => fetch(url(path), { headers: auth });
  const post = (path: string, body: unknown) =>
    fetch(url(path), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const lookup = (type: string, value: string) =>
    get(`/v1/profiles/lookup?type=${encodeURIComponent(type)}&value=${encodeURIComponent(value)}`);

  const logs = logsOfRun(
    IDENTITY_MAIN,
    () => identityTestEnv({ env: { LOG_LEVEL: 'trace' } }),
    async (proc, { env: testEnv, producer }) => {
      identity = proc;

      const event = (identifiers: Record<string, string>, traits: Record<string, string>) => ({
        ...goldenFixture('customer.identified', 1),
        eventId: randomUUID(),
        identifiers,
        payload: { method: 'phone-verification', traits },
      });
      await producer.send(testEnv.topics.input, [
        {
          key: 'app',
          value: event(
            { phone, memberId: person.memberId, deviceId: person.deviceId },
            { name: person.name },
          ),
        },
        {
          key: 'web',
          value: event(
            { email, cookieId: person.cookieId, wechatUnionId: person.unionId },
            { name: person.latinName },
          ),
        },
        // Poison: not JSON, and a contract violation; both quote personal data in their errors.
        { key: 'poison', value: `{"identifiers": {"phone": "${phone}", "email": "${email}"` },
        {
          key: 'invalid',
          value: { ...event({ phone, email }, { name: person.name }), occurredAt: person.name },
        },
      ]);

      const profileIdOf = async (type: string, value: string) =>
        eventually(async () => {
          const response = await lookup(type, value);
          return response.ok
            ? ((await response.json()) as { customerId: string }).customerId
            : undefined;
        }, `${type} to resolve`);
      const byPhone = await profileIdOf('phone', phone);
      const byEmail = await profileIdOf('email', email);
      await eventually(async () => {
        const rows: { n: number }[] = await testEnv.db.dataSource.query(
          `SELECT count(*)::int AS n FROM dead_letters`,
        );
        return rows[0].n >= 2 ? true : undefined;
      }, 'the poison to be dead-lettered');

      // Look-ups, the admin API and its refusals, each carrying the known values.
      const answers = [
        await lookup('phone', person.phoneNormalised),
        await lookup('email', person.emailNormalised),
        await lookup('phone', unknownPhone),
        await lookup('phone', `${phone}\u0000`),
        await lookup('fax', phone),
        await fetch(url(`/v1/profiles/lookup?type=phone&value=${encodeURIComponent(phone)}`)),
        await post('/v1/profiles/merge', {
          customerIds: [byPhone, byEmail],
          actor: 'ops:test',
          reason: `same person: ${person.name}, ${email}`,
        }),
        await post(`/v1/profiles/${byPhone}/split`, {
          identifiers: [{ type: 'email', value: email }],
          actor: 'ops:test',
          reason: `${person.latinName} shares a tablet`,
        }),
        await post(`/v1/profiles/${byPhone}/split`, {
          identifiers: [{ type: 'phone', value: unknownPhone }],
          actor: 'ops:test',
          reason: 'not a member',
        }),
        await post('/v1/profiles/merge', {
          customerIds: [email, phone],
          actor: email,
          reason: phone,
        }),
        await post('/v1/erasures', `{"customerId": "${email}"`),
        await post('/v1/erasures', { customerId: byPhone, reason: `request by ${person.name}` }),
        await get(`/v1/profiles/${encodeURIComponent(email)}`),
      ];
      expect(answers.map((response) => response.status)).toEqual([
        200, 200, 404, 400, 400, 401, 200, 200, 422, 404, 400, 200, 404,
      ]);
    },
  );

  itLogsNoPersonalData(logs, {
    title: 'logged every request by its route pattern, and the dead letters',
    logged: [
      '"route":"/v1/profiles/lookup"',
      '"route":"/v1/profiles/:customerId/split"',
      'dead-lettered',
    ],
    personal: [...Object.values(person), unknownPhone],
  });
});
