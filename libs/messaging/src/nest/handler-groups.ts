import type { BatchHandlerFn, EventHandlerFn } from '../consumer/batch-consumer';
import type { RawMessage } from '../consumer/consumed-event';
import { decodeJson } from '../consumer/event-decoding';
import type { ConsumerGroupSettings } from './event-handler.decorator';
import type { DiscoveredHandler } from './event-handler.explorer';

/** One consumer group: its topics, one decoder per topic, and a dispatcher to the handlers. */
export type HandlerGroup = {
  groupId: string;
  topics: string[];
  decode: (raw: RawMessage) => unknown;
  handle: EventHandlerFn<unknown>;
  /** Present when a handler of the group takes batches. */
  handleBatch?: BatchHandlerFn<unknown>;
  settings: Omit<ConsumerGroupSettings, 'readiness'>;
  gatesReadiness: boolean;
};

const GROUP_SETTINGS = [
  'maxBatchSize',
  'partitionsConsumedConcurrently',
  'commitIntervalMs',
  'batchAttempts',
  'combinePartitions',
  'eventId',
  'readiness',
] as const satisfies readonly (keyof ConsumerGroupSettings)[];

type Group = {
  handlers: DiscoveredHandler[];
  byTopic: Map<string, DiscoveredHandler[]>;
  decoders: Map<string, (raw: RawMessage) => unknown>;
  settings: ConsumerGroupSettings;
};

/**
 * Groups discovered handlers into consumer groups. Per event, the handlers of its topic run in
 * declaration order inside the same transaction, so they share the inbox entry. A group with a
 * batch handler applies a transaction's events handler by handler, in declaration order: a
 * batch handler gets its topics' events at once, any other handler each of them in turn.
 */
export function groupHandlers(
  handlers: DiscoveredHandler[],
  defaultGroupId: string,
): HandlerGroup[] {
  const groups = new Map<string, Group>();
  for (const handler of handlers) {
    const groupId = handler.options.groupId ?? defaultGroupId;
    let group = groups.get(groupId);
    if (!group)
      groups.set(
        groupId,
        (group = { handlers: [], byTopic: new Map(), decoders: new Map(), settings: {} }),
      );
    group.handlers.push(handler);
    agreeOnSettings(group.settings, handler, groupId);
    for (const topic of topicsOf(handler)) {
      group.byTopic.set(topic, [...(group.byTopic.get(topic) ?? []), handler]);
      const decode = handler.options.decode;
      if (!decode) continue;
      const existing = group.decoders.get(topic);
      if (existing && existing !== decode) {
        throw new Error(
          `@EventHandler ${handler.name}: topic ${topic} in group ${groupId} already has a different decoder`,
        );
      }
      group.decoders.set(topic, decode);
    }
  }
  return [...groups].map(([groupId, group]) => {
    const { readiness, ...settings } = group.settings;
    return {
      groupId,
      topics: [...group.byTopic.keys()],
      decode: (raw) => (group.decoders.get(raw.topic) ?? decodeJson)(raw),
      handle: async (event, tx) => {
        for (const handler of group.byTopic.get(event.topic) ?? []) {
          if ('handle' in handler) await handler.handle(event, tx);
          else await handler.handleBatch([event], tx);
        }
      },
      handleBatch: group.handlers.some((handler) => 'handleBatch' in handler)
        ? async (events, tx) => {
            for (const handler of group.handlers) {
              const topics = new Set(topicsOf(handler));
              const own = events.filter((event) => topics.has(event.topic));
              if (own.length === 0) continue;
              if ('handleBatch' in handler) await handler.handleBatch(own, tx);
              else for (const event of own) await handler.handle(event, tx);
            }
          }
        : undefined,
      settings,
      gatesReadiness: readiness !== 'ignored',
    };
  });
}

const topicsOf = (handler: DiscoveredHandler) => [handler.options.topic].flat();

/** One consumer serves the whole group, so its settings come from every handler in it. */
function agreeOnSettings(
  settings: ConsumerGroupSettings,
  handler: DiscoveredHandler,
  groupId: string,
): void {
  for (const name of GROUP_SETTINGS) {
    const value = handler.options[name];
    if (value === undefined) continue;
    const existing = settings[name];
    if (existing !== undefined && existing !== value) {
      throw new Error(
        `@EventHandler ${handler.name}: ${name} of group ${groupId} is already set differently by another handler`,
      );
    }
    Object.assign(settings, { [name]: value });
  }
}
