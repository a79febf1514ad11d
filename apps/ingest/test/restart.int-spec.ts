import {
  describeConsumerGroup,
  serviceProcessHarness,
  stableGroupOf,
  uniqueSuffix,
  waitForGroup,
  type GroupSnapshot,
} from '@omni/testing';
import { ADMIN_TOKEN, INGEST_MAIN, ingestTestEnv, productViewed } from './support/ingest-test-kit';

// A killed member keeps its place in the group until its session ends. A long session makes
// "the new process answered first" an ordering the broker still shows, not a race.
const SESSION_TIMEOUT_MS = 60_000;

describe('ingest restarted after kill -9', () => {
  // A member still waiting for the killed one's session would drain for that long: SIGKILL.
  const harness = serviceProcessHarness(
    INGEST_MAIN,
    () => ingestTestEnv({ env: { CONSUMER_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS) } }),
    { stopWith: 'SIGKILL', waitFor: '/health/live' },
  );

  it('accepts events over HTTP and is ready while the killed process still holds its place in the raw-ingest group', async () => {
    const first = await harness.start();
    const joined = await waitForGroup(
      harness.setup.groupId,
      'the first process to own every raw-ingest partition',
      stableGroupOf(1),
    );
    const killedMember = joined.members[0].memberId;
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');

    const second = await harness.start();
    const registered = await fetch(second.url('/v1/admin/connectors'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ id: `conn-${uniqueSuffix()}`, name: 'Restart', channels: ['web'] }),
    });
    expect(registered.status).toBe(201);
    const { key } = (await registered.json()) as { key: string };
    const posted = await fetch(second.url('/v1/events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ events: [productViewed()] }),
    });
    expect([posted.status, ((await posted.json()) as { accepted: number }).accepted]).toEqual([
      200, 1,
    ]);
    const ready = await fetch(second.url('/health/ready'));
    expect(ready.status).toBe(200);

    const group: GroupSnapshot = await describeConsumerGroup(harness.setup.groupId);
    expect(group.members.map((member) => member.memberId)).toContain(killedMember);
  });
});
