import {
  describeConsumerGroup,
  serviceProcessHarness,
  stableGroupOf,
  uniqueSuffix,
  waitForGroup,
  waitForHttpOk,
} from '@omni/testing';
import { IDENTITY_MAIN, identityTestEnv } from './support/identity-harness';

const PARTITIONS = 3;

describe('identity-resolution stopping and restarting', () => {
  const suffix = uniqueSuffix();
  const harness = serviceProcessHarness(IDENTITY_MAIN, () =>
    identityTestEnv({
      partitions: PARTITIONS,
      env: {
        // Long enough that a restarted process is up well before the killed member's session ends.
        CONSUMER_SESSION_TIMEOUT_MS: '30000',
        // Room to wait out a join in progress before leaving (at most one session).
        SHUTDOWN_TIMEOUT_MS: '60000',
      },
    }),
  );
  const start = (groupId: string) => harness.start({ env: { IDENTITY_CONSUMER_GROUP: groupId } });

  it('leaves the group on SIGTERM, so the remaining member holds every partition as soon as the stopped one has exited', async () => {
    const groupId = `idr-leave-${suffix}`;
    const first = await start(groupId);
    const alone = await waitForGroup(groupId, 'the first process to join', stableGroupOf(1));
    const firstMember = alone.members[0].memberId;
    const second = await start(groupId);
    await waitForGroup(groupId, 'both processes to share the partitions', stableGroupOf(2));

    expect(await first.stop('SIGTERM')).toBe(0);
    const afterExit = await describeConsumerGroup(groupId);
    expect(afterExit.members.map((member) => member.memberId)).not.toContain(firstMember);
    const handedOver = await waitForGroup(
      groupId,
      'the second process to take over',
      stableGroupOf(1),
    );
    expect(handedOver.members[0].partitions).toEqual([0, 1, 2]);
    await waitForHttpOk(second.url('/health/ready'));
  });

  it('is ready while it waits to join behind a killed member, and a SIGTERM then still leaves the group before exiting', async () => {
    const groupId = `idr-join-${suffix}`;
    const first = await start(groupId);
    const joined = await waitForGroup(groupId, 'the first process to join', stableGroupOf(1));
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');

    const second = await start(groupId);
    await waitForGroup(
      groupId,
      'the restarted process to ask to join behind the killed member',
      (group) =>
        group.members.length === 2 &&
        group.members.some((member) => member.memberId === joined.members[0].memberId),
    );
    await waitForHttpOk(second.url('/health/ready'));
    const waiting = await describeConsumerGroup(groupId);
    expect(waiting.members.map((member) => member.memberId)).toContain(joined.members[0].memberId);

    expect(await second.stop('SIGTERM')).toBe(0);
    const afterExit = await describeConsumerGroup(groupId);
    expect([afterExit.state, afterExit.members]).toEqual(['Empty', []]);
  });
});
