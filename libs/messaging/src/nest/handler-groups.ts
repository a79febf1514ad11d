import type { EventHandlerFn } from '../consumer/batch-consumer';
import type { RawMessage } from '../consumer/consumed-event';
import { decodeJson } from '../consumer/event-decoding';
import type { DiscoveredHandler } from './event-handler.explorer';

/** One consumer group: its topics, one decoder per topic, and a dispatcher to the handlers. */
export type HandlerGroup = {
  groupId: string;
  topics: string[];
  decode: (raw: RawMessage) => unknown;
  handle: EventHandlerFn<unknown>;
};

/**
 * Groups discovered handlers into consumer groups. Handlers of one topic in one group run
 * in declaration order inside the same transaction, so they share the inbox entry.
 */
export function groupHandlers(
  handlers: DiscoveredHandler[],
  defaultGroupId: string,
): HandlerGroup[] {
  const groups = new Map<
    string,
    {
      byTopic: Map<string, DiscoveredHandler[]>;
      decoders: Map<string, (raw: RawMessage) => unknown>;
    }
  >();
  for (const handler of handlers) {
    const groupId = handler.options.groupId ?? defaultGroupId;
    let group = groups.get(groupId);
    if (!group) groups.set(groupId, (group = { byTopic: new Map(), decoders: new Map() }));
    for (const topic of [handler.options.topic].flat()) {
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
  return [...groups].map(([groupId, { byTopic, decoders }]) => ({
    groupId,
    topics: [...byTopic.keys()],
    decode: (raw) => (decoders.get(raw.topic) ?? decodeJson)(raw),
    handle: async (event, tx) => {
      for (const handler of byTopic.get(event.topic) ?? []) await handler.handle(event, tx);
    },
  }));
}
