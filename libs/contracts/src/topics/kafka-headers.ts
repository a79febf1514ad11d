/**
 * Kafka header names Omni sets on messages. Values are UTF-8 strings. libs/messaging writes
 * the dead-letter and trace headers; they are re-stated here for consumers of those topics.
 */
export const HEADERS = {
  eventType: 'omni-event-type',
  eventVersion: 'omni-event-version',
  dltOriginalTopic: 'omni-dlt-original-topic',
  dltOriginalPartition: 'omni-dlt-original-partition',
  dltOriginalOffset: 'omni-dlt-original-offset',
  dltError: 'omni-dlt-error',
  dltAttempts: 'omni-dlt-attempts',
  dltFailedAt: 'omni-dlt-failed-at',
  dltConsumerGroup: 'omni-dlt-consumer-group',
  // Set when the outbox relay dead-letters a message Kafka could never take.
  dltReason: 'omni-dlt-reason',
  dltOutboxId: 'omni-dlt-outbox-id',
  dltValueBytes: 'omni-dlt-value-bytes',
  dltValueHash: 'omni-dlt-value-hash',
  connectorKey: 'omni-connector-key',
  // W3C trace context, under its standard names so any OpenTelemetry propagator reads it.
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export type HeaderName = (typeof HEADERS)[keyof typeof HEADERS];
