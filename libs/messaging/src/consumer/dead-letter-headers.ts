import { MESSAGING_HEADERS } from '../messaging-headers';
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
    [MESSAGING_HEADERS.dltOriginalTopic]: origin.topic,
    [MESSAGING_HEADERS.dltOriginalPartition]: String(origin.partition),
    [MESSAGING_HEADERS.dltOriginalOffset]: origin.offset,
    [MESSAGING_HEADERS.dltError]: truncateError(origin.error),
    [MESSAGING_HEADERS.dltAttempts]: String(origin.attempts),
    [MESSAGING_HEADERS.dltFailedAt]: origin.failedAt.toISOString(),
    [MESSAGING_HEADERS.dltConsumerGroup]: origin.consumerGroup,
  };
}
