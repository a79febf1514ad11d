import { GroupCommit } from '../group-commit';
import type { EncodedMessage } from './message-encoding';

export type CoalescedBatch = { topic: string; messages: EncodedMessage[] };

/**
 * Group commit for sends. The idempotent producer keeps one request in flight per broker, so
 * concurrent sends would otherwise queue up as one small request each. A send that finds
 * nothing in flight goes at once (no linger); sends arriving meanwhile wait, and the next
 * request carries all of them for one topic (oldest first, up to `maxBytes`, but always at
 * least one send), so per-key order is call order.
 *
 * Each caller's promise settles with the outcome of the request that carried its messages:
 * it resolves only once that request was acknowledged. A failed request rejects every caller
 * it carried, even if the failure was caused by another caller's messages — never the
 * reverse, so nothing is reported as sent that was not acknowledged.
 */
export class SendCoalescer {
  private readonly groups: GroupCommit<CoalescedBatch>;

  constructor(flush: (batch: CoalescedBatch) => Promise<void>, maxBytes: number) {
    this.groups = new GroupCommit(
      (group) =>
        flush({
          topic: group[0].topic,
          messages: group.length === 1 ? group[0].messages : group.flatMap((p) => p.messages),
        }),
      {
        maxWeight: maxBytes,
        maxInFlight: 1,
        sameGroup: (first, next) => next.topic === first.topic,
      },
    );
  }

  send(topic: string, messages: EncodedMessage[]): Promise<void> {
    return this.groups.submit({ topic, messages }, sizeOf(messages));
  }
}

function sizeOf(messages: EncodedMessage[]): number {
  let bytes = 0;
  for (const message of messages) bytes += lengthOf(message.key) + lengthOf(message.value) + 64;
  return bytes;
}

// String length approximates UTF-8 bytes closely enough for a request-size cap.
const lengthOf = (value: string | Buffer | null): number => (value === null ? 0 : value.length);
