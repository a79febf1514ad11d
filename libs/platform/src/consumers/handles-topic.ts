import { decodeDownstreamMessage, type DownstreamEventEnvelope } from '@omni/contracts';
import { EventHandler, type ConsumedEvent, type EventHandlerOptions } from '@omni/messaging';
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
