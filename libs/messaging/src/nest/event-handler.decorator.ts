import { SetMetadata } from '@nestjs/common';
import type { RawMessage } from '../consumer/consumed-event';
import { EVENT_HANDLER_METADATA } from './messaging.tokens';

export type EventHandlerOptions = {
  topic: string | string[];
  /** Default: the service name, so all of a service's handlers share one consumer group. */
  groupId?: string;
  /** Validates and decodes the message (e.g. the contract's `validateEvent`); throwing dead-letters it. Default: JSON. */
  decode?: (raw: RawMessage) => unknown;
};

/**
 * Marks a provider method `(event: ConsumedEvent<T>, tx: EntityManager) => Promise<void>` as
 * the handler of a topic. The method runs inside the transaction that records the event in
 * the inbox, so its writes (and outbox rows) commit exactly once per event.
 */
export const EventHandler = (options: EventHandlerOptions): MethodDecorator =>
  SetMetadata(EVENT_HANDLER_METADATA, options);
