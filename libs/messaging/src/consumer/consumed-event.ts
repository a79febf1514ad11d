/** A Kafka message as the consumer hands it to a handler, after decoding. */
export type ConsumedEvent<T = unknown> = {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: T;
  /** The id the inbox deduplicates on. */
  eventId: string;
  /** The producer's trace id, when the message carried W3C trace context. */
  traceId?: string;
  /** The value's bytes as they came off the wire (null for a tombstone), for handlers that forward them. */
  rawValue?: Buffer | null;
};

/** What a decoder sees: the message as it came off the wire. */
export type RawMessage = {
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
};
