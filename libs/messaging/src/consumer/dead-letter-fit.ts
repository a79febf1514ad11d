import { createHash } from 'node:crypto';
import { HEADERS } from '@omni/contracts';
import type { EncodedMessage } from '../producer/message-encoding';
import { fitsInRecordBatch } from '../producer/request-splitter';

/** How much of a too-large value the dead-letter topic gets; dead_letters keeps it whole. */
const DEAD_LETTER_PREVIEW_BYTES = 16 * 1_024;

/**
 * A consumed message on its way to the dead-letter topic, in a form Kafka takes. The added
 * headers can push a message that was just under the limit over it; such a message goes with
 * the first bytes of its value, the value's size and SHA-256 (and without its original headers
 * if even that is too large), while dead_letters keeps it whole. Otherwise the dead-letter send
 * would fail on every retry and hold its partition forever.
 */
export function fitForDeadLetterTopic(message: EncodedMessage, maxBytes: number): EncodedMessage {
  if (fitsInRecordBatch(message, maxBytes)) return message;
  const value =
    typeof message.value === 'string'
      ? Buffer.from(message.value)
      : (message.value ?? Buffer.alloc(0));
  const marks = {
    [HEADERS.dltValueBytes]: String(value.length),
    [HEADERS.dltValueHash]: `sha256:${createHash('sha256').update(value).digest('hex')}`,
  };
  const preview = {
    key: message.key,
    value: value.subarray(0, DEAD_LETTER_PREVIEW_BYTES),
    headers: { ...message.headers, ...marks },
  };
  if (fitsInRecordBatch(preview, maxBytes)) return preview;
  const dltOnly = Object.fromEntries(
    Object.entries(message.headers ?? {}).filter(([name]) => name.startsWith('omni-dlt-')),
  );
  return { ...preview, headers: { ...dltOnly, ...marks } };
}
