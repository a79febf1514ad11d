import type { EntityManager } from 'typeorm';
import type { ConsumedEvent } from '../../src/consumer/consumed-event';
import { withAdmin } from '../../src/topics/topic-admin';
import type { TopicMessage } from '../../src/topics/topic-reader';

export type AmountEvent = { eventId: string; account: string; amount: number; seq?: number };

/** The effect every spec's handler applies: one effect row and a running balance. */
export async function applyAmount(
  event: ConsumedEvent<AmountEvent>,
  tx: EntityManager,
  group: string,
): Promise<void> {
  const { eventId, account, amount } = event.value;
  await tx.query(
    `INSERT INTO effects (consumer_group, event_id, account, amount) VALUES ($1, $2, $3, $4)`,
    [group, eventId, account, amount],
  );
  await tx.query(
    `INSERT INTO balances (account, total) VALUES ($1, $2) ON CONFLICT (account) DO UPDATE SET total = balances.total + EXCLUDED.total`,
    [account, amount],
  );
}

export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many messages of `topic` the group has committed, summed over partitions. */
export async function committedCount(
  brokers: string[],
  groupId: string,
  topic: string,
): Promise<number> {
  return withAdmin({ brokers, clientId: 'omni-test' }, async (admin) => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  });
}

/** How many messages are in the topic's log, summed over partitions. */
export async function logSize(brokers: string[], topic: string): Promise<number> {
  return withAdmin({ brokers, clientId: 'omni-test' }, async (admin) => {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  });
}

export const jsonValue = <T>(message: TopicMessage): T =>
  JSON.parse(message.value?.toString('utf8') ?? 'null') as T;

/** Asserts each key's `seq` values arrive as 0, 1, 2, … with nothing missing or repeated. */
export function expectPerKeyOrder(
  messages: readonly TopicMessage[],
  keys: string[],
  perKey: number,
): void {
  const byKey = new Map<string, number[]>(keys.map((k) => [k, []]));
  for (const message of messages)
    byKey.get(message.key ?? '')?.push(jsonValue<AmountEvent>(message).seq ?? -1);
  for (const key of keys)
    expect({ key, seqs: byKey.get(key) }).toEqual({
      key,
      seqs: Array.from({ length: perKey }, (_, i) => i),
    });
}
