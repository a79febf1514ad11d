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
