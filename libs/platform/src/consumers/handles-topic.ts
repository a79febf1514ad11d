import { decodeDownstreamMessage, type DownstreamEventEnvelope } from '@omni/contracts';
import { EventHandler, type ConsumedEvent, type EventHandlerOptions } from '@omni/messaging';
import type { EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '../service-platform.module';

/** The settings a service's consumers are named by: its topics and its one consumer group. */
export type ConsumerNames = {
  readonly topics: Readonly<Record<string, string>>;
  readonly consumerGroup: string;
};

/** What a `@HandlesTopic` method is handed: the batch's events, decoded, in offset order per partition. */
export type DownstreamBatch = readonly ConsumedEvent<DownstreamEventEnvelope>[];

/** What a handler may add to its subscription: group settings from the config, another group. */
export type TopicHandlerSettings = Omit<EventHandlerOptions, 'topic' | 'batch' | 'decode'>;

/**
 * Marks the method that handles batches of the service's topic `topics[topic]`, read by its
 * `consumerGroup`: `(events: DownstreamBatch, tx)`, in the
 * batch's inbox transaction. Messages are decoded with the contracts, so one they refuse is
 * dead-lettered at once and never reaches the method. `settings` reads the rest from the config.
 */
export function HandlesTopic<Config extends ConsumerNames>(
  topic: keyof Config['topics'] & string,
  settings?: (config: Config) => TopicHandlerSettings,
): MethodDecorator {
  return EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: (config: Config) => ({
      topic: config.topics[topic],
      groupId: config.consumerGroup,
      batch: true,
      decode: decodeDownstreamMessage,
      ...settings?.(config),
    }),
  });
}

/** What a `@HandlesEachEvent` method is: one decoded event and the batch's inbox transaction. */
export type EachEventMethod = (event: DownstreamEventEnvelope, tx: EntityManager) => Promise<void>;

/**
 * `@HandlesTopic` for a method that takes the batch's events one at a time, `(event, tx)`: each
 * in offset order per partition, in the batch's inbox transaction, as a batch method would.
 */
export function HandlesEachEvent<Config extends ConsumerNames>(
  topic: keyof Config['topics'] & string,
  settings?: (config: Config) => TopicHandlerSettings,
) {
  const handlesTopic = HandlesTopic<Config>(topic, settings);
  return (
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<EachEventMethod>,
  ): void => {
    const handle = descriptor.value;
    if (handle === undefined) throw new Error(`@HandlesEachEvent ${String(key)} is not a method`);
    const handleBatch = async function (
      this: unknown,
      events: DownstreamBatch,
      tx: EntityManager,
    ): Promise<void> {
      for (const { value } of events) await handle.call(this, value, tx);
    };
    // The consumer hands the method the batch; the class keeps its declared per-event type.
    handlesTopic(target, key, Object.assign(descriptor, { value: handleBatch }));
  };
}
