import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { eventually } from './eventually';
import { testInfra } from './test-infra';

export type GroupMember = { memberId: string; clientId: string; partitions: number[] };

/** What the group coordinator says about a consumer group right now. */
export type GroupSnapshot = { state: string; members: GroupMember[] };

/**
 * Asks the broker for a consumer group's state, members and their partitions (of every topic,
 * flattened: the groups under test read one topic each).
 */
export async function describeConsumerGroup(groupId: string): Promise<GroupSnapshot> {
  const admin = new Kafka({
    brokers: testInfra().brokers,
    clientId: 'omni-test-groups',
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const {
      groups: [group],
    } = await admin.describeGroups([groupId]);
    return {
      state: group.state,
      members: group.members.map((member) => ({
        memberId: member.memberId,
        clientId: member.clientId,
        partitions:
          member.memberAssignment.length === 0
            ? []
            : Object.values(
                AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {},
              )
                .flat()
                .sort((a, b) => a - b),
      })),
    };
  } finally {
    await admin.disconnect();
  }
}

/** Polls a consumer group until `test` holds of it; answers that snapshot. */
export function waitForGroup(
  groupId: string,
  what: string,
  test: (group: GroupSnapshot) => boolean,
  timeoutMs = 60_000,
): Promise<GroupSnapshot> {
  return eventually(
    async () => {
      const group = await describeConsumerGroup(groupId);
      return test(group) ? group : undefined;
    },
    what,
    timeoutMs,
  );
}

/**
 * A test for waitForGroup: the group has settled (Stable) with `members` members, each holding
 * partitions, so one alone holds them all.
 */
export const stableGroupOf =
  (members: number) =>
  (group: GroupSnapshot): boolean =>
    group.state === 'Stable' &&
    group.members.length === members &&
    group.members.every((member) => member.partitions.length > 0);
