import { SetMetadata, type InjectionToken } from '@nestjs/common';
import type { BatchConsumerOptions } from '../consumer/batch-consumer';
import type { RawMessage } from '../consumer/consumed-event';
import { EVENT_HANDLER_METADATA } from './messaging.tokens';

/** Settings of the consumer group as a whole; handlers sharing a group must not disagree. */
export type ConsumerGroupSettings = Pick<
  BatchConsumerOptions<unknown>,
  | 'maxBatchSize'
  | 'partitionsConsumedConcurrently'
  | 'commitIntervalMs'
  | 'batchAttempts'
  | 'combinePartitions'
  | 'eventId'
> & {
  /** `gates` (default): the service is unready while the group's consumer is not in its group. */
  readiness?: 'gates' | 'ignored';
};

export type EventHandlerOptions = ConsumerGroupSettings & {
  topic: string | string[];
  /** Default: the service name, so all of a service's handlers share one consumer group. */
  groupId?: string;
  /** Validates and decodes the message (e.g. the contract's `validateEvent`); throwing dead-letters it. Default: JSON. */
  decode?: (raw: RawMessage) => unknown;
  /**
   * The method takes `(events: ConsumedEvent<T>[], tx)`: every new event of its topics in a
   * transaction, in offset order per partition, so it can read and write in bulk. A failed
   * batch is retried event by event, then the method is called with one event.
   */
  batch?: boolean;
  /** Default true; false registers no consumer for this method (a service setting turned it off). */
  enabled?: boolean;
};

/** Options that are service settings: resolved at bootstrap from the injected providers. */
export type EventHandlerOptionsFactory = {
  inject: InjectionToken[];
  // Method syntax so any factory signature is accepted, as with Nest's own providers.
  useFactory(...args: never[]): EventHandlerOptions;
};

/**
 * Marks a provider method as the handler of a topic: `(event: ConsumedEvent<T>, tx:
 * EntityManager) => Promise<void>`, or with `batch: true` the same with an array of events.
 * The method runs inside the transaction that records the events in the inbox, so its writes
 * (and outbox rows) commit exactly once per event. `MessagingModule` starts one consumer per
 * group beside the HTTP server and drains it before the DataSource closes.
 */
export const EventHandler = (
  options: EventHandlerOptions | EventHandlerOptionsFactory,
): MethodDecorator => SetMetadata(EVENT_HANDLER_METADATA, options);
