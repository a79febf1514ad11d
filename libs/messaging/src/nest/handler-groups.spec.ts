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

  it("hands a batch handler its topics' events at once and other handlers each event, in declaration order", async () => {
    const calls: string[] = [];
    const [group] = groupHandlers(
      [
        {
          name: 'batch',
          options: { topic: ['t1', 't2'], batch: true },
          handleBatch: async (events) =>
            void calls.push(`batch:${events.map((e) => e.topic).join(',')}`),
        },
        {
          name: 'each',
          options: { topic: 't2' },
          handle: async (e) => void calls.push(`each:${e.topic}`),
        },
      ],
      'crm',
    );
    await group.handleBatch?.([event('t1'), event('t3'), event('t2'), event('t2')], tx);
    expect(calls).toEqual(['batch:t1,t2,t2', 'each:t2', 'each:t2']);
  });

  it('calls a batch handler with the one event when the consumer applies events one by one', async () => {
    const batches: number[] = [];
    const [group] = groupHandlers(
      [
        {
          name: 'batch',
          options: { topic: 't1', batch: true },
          handleBatch: async (events) => void batches.push(events.length),
        },
      ],
      'crm',
    );
    await group.handle(event('t1'), tx);
    expect(batches).toEqual([1]);
  });

  it('has no batch dispatcher when no handler of the group takes batches', () => {
    const [group] = groupHandlers(
      [{ name: 'a', options: { topic: 't1' }, handle: async () => undefined }],
      'crm',
    );
    expect(group.handleBatch).toBeUndefined();
  });

  it("takes the group's consumer settings and readiness from its handlers", () => {
    const [gated, ignored] = groupHandlers(
      [
        {
          name: 'a',
          options: { topic: 't1', combinePartitions: true },
          handle: async () => undefined,
        },
        { name: 'b', options: { topic: 't2', maxBatchSize: 50 }, handle: async () => undefined },
        {
          name: 'c',
          options: { topic: 't3', groupId: 'raw', readiness: 'ignored' },
          handle: async () => undefined,
        },
      ],
      'crm',
    );
    expect([gated.settings, gated.gatesReadiness]).toEqual([
      { combinePartitions: true, maxBatchSize: 50 },
      true,
    ]);
    expect([ignored.settings, ignored.gatesReadiness]).toEqual([{}, false]);
  });

  it('refuses two handlers of one group that set a consumer setting differently', () => {
    expect(() =>
      groupHandlers(
        [
          { name: 'a', options: { topic: 't1', maxBatchSize: 10 }, handle: async () => undefined },
          { name: 'b', options: { topic: 't2', maxBatchSize: 20 }, handle: async () => undefined },
        ],
        'crm',
      ),
    ).toThrow(/b: maxBatchSize of group crm is already set differently/);
  });
});
