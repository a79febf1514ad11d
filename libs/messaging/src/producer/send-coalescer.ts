import type { EncodedMessage } from './message-encoding';

export type CoalescedBatch = { topic: string; messages: EncodedMessage[] };

type Pending = CoalescedBatch & {
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
};

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
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly flush: (batch: CoalescedBatch) => Promise<void>,
    private readonly maxBytes: number,
  ) {}

  send(topic: string, messages: EncodedMessage[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, messages, bytes: sizeOf(messages), resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let first = this.queue.shift(); first !== undefined; first = this.queue.shift()) {
        const group = this.takeGroup(first);
        const messages = group.length === 1 ? group[0].messages : group.flatMap((p) => p.messages);
        try {
          await this.flush({ topic: group[0].topic, messages });
          for (const pending of group) pending.resolve();
        } catch (error) {
          for (const pending of group) pending.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** `first` (the oldest send) and every later one to the same topic that fits; the others keep their place. */
  private takeGroup(first: Pending): Pending[] {
    const group = [first];
    let bytes = first.bytes;
    for (let i = 0; i < this.queue.length;) {
      const next = this.queue[i];
      if (next.topic !== first.topic) {
        i += 1;
        continue;
      }
      if (bytes + next.bytes > this.maxBytes) break;
      bytes += next.bytes;
      group.push(next);
      this.queue.splice(i, 1);
    }
    return group;
  }
}

function sizeOf(messages: EncodedMessage[]): number {
  let bytes = 0;
  for (const message of messages) bytes += lengthOf(message.key) + lengthOf(message.value) + 64;
  return bytes;
}

// String length approximates UTF-8 bytes closely enough for a request-size cap.
const lengthOf = (value: string | Buffer | null): number => (value === null ? 0 : value.length);
