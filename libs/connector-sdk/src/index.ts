export {
  ConnectorClient,
  ConnectorClientError,
  backoffMs,
  retryAfterMs,
  type BatchResult,
  type ConnectorClientOptions,
  type EventResult,
  type EventStatus,
} from './connector-client';
export {
  stableEventId,
  type ConnectorEvent,
  type IdentifiedEvent,
  type Identifiers,
  type Money,
} from './connector-event';
