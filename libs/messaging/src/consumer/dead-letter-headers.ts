import { HEADERS } from '@omni/contracts';
import type { EncodedHeaders } from '../producer/message-encoding';

export type DeadLetterOrigin = {
  topic: string;
  partition: number;
  offset: string;
  consumerGroup: string;
  error: string;
  attempts: number;
  failedAt: Date;
};

// Kafka headers travel with every copy of the message; keep the error readable but bounded.
const MAX_ERROR_LENGTH = 2_000;

export const truncateError = (error: string) =>
  error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;

/** The original headers, byte for byte, plus where and why the message failed. */
export function deadLetterHeaders(
  original: EncodedHeaders,
  origin: DeadLetterOrigin,
): EncodedHeaders {
  return {
    ...original,
    [HEADERS.dltOriginalTopic]: origin.topic,
    [HEADERS.dltOriginalPartition]: String(origin.partition),
    [HEADERS.dltOriginalOffset]: origin.offset,
    [HEADERS.dltError]: truncateError(origin.error),
    [HEADERS.dltAttempts]: String(origin.attempts),
    [HEADERS.dltFailedAt]: origin.failedAt.toISOString(),
    [HEADERS.dltConsumerGroup]: origin.consumerGroup,
  };
}

/** Why the outbox relay dead-lettered a message instead of publishing it. */
export type UnsendableReason = 'message_too_large';

/** An outbox message the relay could not publish, and how to find it whole in dead_letters. */
export type UnsendableOrigin = {
  topic: string;
  outboxId: string;
  reason: UnsendableReason;
  error: string;
  valueBytes: number;
  /** `sha256:` and the whole value's SHA-256 in hex. */
  valueHash: string;
  failedAt: Date;
};

/**
 * The original headers plus where the message was going and why it never got there. There is
 * no partition, offset or attempt count: the message never reached Kafka.
 */
export function unsendableHeaders(
  original: Record<string, string>,
  origin: UnsendableOrigin,
): Record<string, string> {
  return {
    ...original,
    [HEADERS.dltOriginalTopic]: origin.topic,
    [HEADERS.dltReason]: origin.reason,
    [HEADERS.dltError]: truncateError(origin.error),
    [HEADERS.dltFailedAt]: origin.failedAt.toISOString(),
    [HEADERS.dltOutboxId]: origin.outboxId,
    [HEADERS.dltValueBytes]: String(origin.valueBytes),
    [HEADERS.dltValueHash]: origin.valueHash,
  };
}
