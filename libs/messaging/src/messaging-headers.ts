/**
 * Kafka header names written by libs/messaging. The contract catalog re-states them for
 * consumers of the dead-letter topics; this file is the single place messaging reads them from.
 */
export const MESSAGING_HEADERS = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  dltOriginalTopic: 'omni-dlt-original-topic',
  dltOriginalPartition: 'omni-dlt-original-partition',
  dltOriginalOffset: 'omni-dlt-original-offset',
  dltError: 'omni-dlt-error',
  dltAttempts: 'omni-dlt-attempts',
  dltFailedAt: 'omni-dlt-failed-at',
  dltConsumerGroup: 'omni-dlt-consumer-group',
} as const;

export type MessagingHeaderName = (typeof MESSAGING_HEADERS)[keyof typeof MESSAGING_HEADERS];

/** The dead-letter topic of a service, e.g. `crm.dlt.v1`. */
export const deadLetterTopicFor = (service: string): string => `${service}.dlt.v1`;
