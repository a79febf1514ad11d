import { goldenFixture, HEADERS } from '@omni/contracts';
import {
  eventually,
  itLogsNoPersonalData,
  knownPerson,
  logsOfRun,
  uniqueSuffix,
  type ServiceProcess,
} from '@omni/testing';
import { ADMIN_TOKEN, INGEST_MAIN, ingestTestEnv } from './support/ingest-test-kit';

const person = knownPerson;
const { phone } = person;
// Sent with the blanks a form may leave around it, which ingest trims.
const email = ` ${person.email} `;

type Sent = { status: number; body: string };

describe('ingest logs at the most verbose level', () => {
  const suffix = uniqueSuffix();
  let ingest: ServiceProcess;

  const send = async (path: string, headers: Record<string, string>, body: string) => {
    const response = await fetch(ingest.url(path), {
      method: 'POST',
      headers,
      body,
    });
    return { status: response.status, body: await response.text() } satisfies Sent;
  };

  const customerIdentified = (overrides: Record<string, unknown> = {}) => {
    const event: Record<string, unknown> = {
      ...goldenFixture('customer.identified', 1),
      eventId: `evt-pii-${uniqueSuffix()}`,
      occurredAt: new Date().toISOString(),
      identifiers: { phone, email, memberId: person.memberId, deviceId: person.deviceId },
      payload: { method: 'phone-verification', traits: { name: person.name } },
      ...overrides,
    };
    delete event.connectorId;
    return event;
  };

  const logs = logsOfRun(
    INGEST_MAIN,
    () => ingestTestEnv({ env: { LOG_LEVEL: 'trace' } }),
    async (proc, { env: testEnv, producer }) => {
      ingest = proc;

      const json = { 'content-type': 'application/json' };
      const registered = await send(
        '/v1/admin/connectors',
        { ...json, authorization: `Bearer ${ADMIN_TOKEN}` },
        JSON.stringify({ id: `pii-${suffix}`, name: 'PII test', channels: ['app', 'web'] }),
      );
      expect(registered.status).toBe(201);
      const key = (JSON.parse(registered.body) as { key: string }).key;
      const bearer = { ...json, authorization: `Bearer ${key}` };
      const basic = {
        ...json,
        authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      };

      const answers = [
        // One event accepted, one rejected (its input quotes the person) in the same batch.
        await send(
          '/v1/events',
          bearer,
          JSON.stringify({
            events: [customerIdentified(), customerIdentified({ occurredAt: person.latinName })],
          }),
        ),
        await send('/v1/events', bearer, `{"events": [{"identifiers": {"phone": "${phone}"`),
        await send(
          '/v1/events',
          { authorization: `Bearer ${key}`, 'content-type': `text/plain; name=${person.memberId}` },
          email,
        ),
        await send(
          '/v1/events',
          { ...json, authorization: `Bearer ${person.memberId}` },
          JSON.stringify({ events: [customerIdentified()] }),
        ),
        await send(
          '/v1/identify',
          basic,
          JSON.stringify({
            messageId: `seg-pii-${suffix}`,
            userId: person.memberId,
            anonymousId: person.anonymousId,
            traits: { email, phone: person.phoneNational, name: person.latinName },
          }),
        ),
        await send(
          '/v1/track',
          basic,
          JSON.stringify({ messageId: `seg-pii-bad-${suffix}`, event: 'Signed Up', traits: email }),
        ),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([200, 400, 415, 401, 200, 200]);

      // The Kafka-native path: an event, and one that is not JSON, both about the person.
      const raw = { key: `pii-${suffix}`, headers: { [HEADERS.connectorKey]: key } };
      await producer.send(testEnv.topics.raw, [
        { ...raw, value: customerIdentified() },
        { ...raw, value: `{"identifiers": {"email": "${email}"` },
      ]);
      await eventually(async () => {
        const [done]: { rejected: number; pending: number }[] = await testEnv.db.dataSource.query(
          `SELECT (SELECT count(*)::int FROM rejections WHERE source = 'kafka') AS rejected,
                (SELECT count(*)::int FROM outbox) AS pending`,
        );
        return done.rejected >= 1 && done.pending === 0 ? true : undefined;
      }, 'the raw events to be processed');
    },
  );

  itLogsNoPersonalData(logs, {
    title: 'logged every request by its route pattern',
    logged: ['"route":"/v1/events"', '"route":"/v1/identify"'],
    personal: Object.values(person),
  });
});
