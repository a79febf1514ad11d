import type { EntityManager } from 'typeorm';
import type { ConsumedEvent } from '../consumer/consumed-event';
import type { DiscoveredHandler } from './event-handler.explorer';
import { groupHandlers } from './handler-groups';

const tx = {} as EntityManager;
const event = (topic: string): ConsumedEvent<unknown> => ({
  topic,
  partition: 0,
  offset: '0',
  key: null,
  headers: {},
  value: {},
  eventId: 'e',
});
const raw = (topic: string, value: string) => ({
  topic,
  key: null,
  headers: {},
  value: Buffer.from(value),
});

describe('groupHandlers', () => {
  it("puts handlers without a group id in the service's group and dispatches by topic", async () => {
    const calls: string[] = [];
    const handler = (
      name: string,
      topic: string | string[],
      groupId?: string,
    ): DiscoveredHandler => ({
      name,
      options: { topic, groupId },
      handle: async (e) => void calls.push(`${name}:${e.topic}`),
    });
    const groups = groupHandlers(
      [handler('a', ['t1', 't2']), handler('b', 't1'), handler('c', 't3', 'other')],
      'crm',
    );
    expect(groups.map((g) => [g.groupId, g.topics])).toEqual([
      ['crm', ['t1', 't2']],
      ['other', ['t3']],
    ]);
    await groups[0].handle(event('t1'), tx);
    await groups[0].handle(event('t2'), tx);
    expect(calls).toEqual(['a:t1', 'b:t1', 'a:t2']);
  });

  it('decodes each topic with its own decoder and JSON otherwise', () => {
    const decode = () => 'custom';
    const [group] = groupHandlers(
      [
        { name: 'a', options: { topic: 't1', decode }, handle: async () => undefined },
        { name: 'b', options: { topic: 't2' }, handle: async () => undefined },
      ],
      'crm',
    );
    expect(group.decode(raw('t1', 'ignored'))).toBe('custom');
    expect(group.decode(raw('t2', '{"a":1}'))).toEqual({ a: 1 });
  });

  it('refuses two different decoders for one topic in one group', () => {
    expect(() =>
      groupHandlers(
        [
          { name: 'a', options: { topic: 't', decode: () => 1 }, handle: async () => undefined },
          { name: 'b', options: { topic: 't', decode: () => 2 }, handle: async () => undefined },
        ],
        'crm',
      ),
    ).toThrow(/b: topic t in group crm already has a different decoder/);
  });
});
