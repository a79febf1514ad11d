import { createHash } from 'node:crypto';
import {
  truncateError,
  unsendableHeaders,
  type UnsendableOrigin,
} from '../consumer/dead-letter-headers';
import type { DeadLetterRecord } from '../consumer/dead-letter.repository';
import type { EncodedMessage } from '../producer/message-encoding';
import { recordSizeBound } from '../producer/request-splitter';
import type { OutboxRow } from './outbox.repository';

/** The `consumer_group` of dead letters the relay writes. */
export const OUTBOX_RELAY_GROUP = 'outbox-relay';

/** How much of a too-large value the dead-letter topic gets; dead_letters keeps it whole. */
export const DEAD_LETTER_PREVIEW_BYTES = 16 * 1_024;

// Bounds that keep a dead letter well inside the smallest accepted limit (64 KiB): the key,
// and the original headers (kept only if they are small; dead_letters has them all).
const MAX_KEY_CHARACTERS = 1_024;
const MAX_KEPT_HEADER_BYTES = 8 * 1_024;

/** A message the relay will not publish: the row to record in dead_letters, the DLT record. */
export type OutboxDeadLetter = { record: DeadLetterRecord; message: EncodedMessage };

/**
 * A message larger than Kafka takes, as a dead letter: whole in dead_letters (its place in the
 * outbox as partition and offset, see DeadLetterRecord), and for the dead-letter topic its
 * value's first bytes with the value's size and SHA-256, so the stored whole can be found and
 * checked.
 */
export function tooLargeDeadLetter(
  row: OutboxRow,
  maxMessageBytes: number,
  failedAt: Date,
): OutboxDeadLetter {
  const origin: UnsendableOrigin = {
    topic: row.topic,
    outboxId: row.id,
    reason: 'message_too_large',
    error: `message_too_large: about ${recordSizeBound(row)} bytes as a record, more than KAFKA_MAX_MESSAGE_BYTES (${maxMessageBytes}) allows`,
    valueBytes: row.value.length,
    valueHash: `sha256:${createHash('sha256').update(row.value).digest('hex')}`,
    failedAt,
  };
  const headers = unsendableHeaders(row.headers, origin);
  const originalHeaderBytes = recordSizeBound({ key: null, value: null, headers: row.headers });
  return {
    record: {
      consumerGroup: OUTBOX_RELAY_GROUP,
      topic: row.topic,
      partition: row.position,
      offset: row.id,
      key: row.key,
      value: row.value,
      headers,
      error: truncateError(origin.error),
      attempts: 0,
      failedAt,
    },
    message: {
      key: row.key.length > MAX_KEY_CHARACTERS ? row.key.slice(0, MAX_KEY_CHARACTERS) : row.key,
      value: row.value.subarray(0, DEAD_LETTER_PREVIEW_BYTES),
      headers:
        originalHeaderBytes <= MAX_KEPT_HEADER_BYTES ? headers : unsendableHeaders({}, origin),
    },
  };
}
