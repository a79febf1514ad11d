import { MAX_EVENT_BYTES, validateDownstreamEvent } from '@omni/contracts';
import { profileSplitMessages } from './profile-change-events';

const payload = { fromId: 'cus_from', newIds: ['cus_a', 'cus_b'], version: 4 };

describe('profileSplitMessages', () => {
  it('publishes a split with few events as one valid profile.split v2 keyed by fromId', () => {
    const moved = new Map([
      ['cus_a', ['shop:1', 'shop:2']],
      ['cus_b', ['app:9']],
    ]);
    const [message, ...rest] = profileSplitMessages('changes', { payload, moved }, 'split-1');
    expect(rest).toEqual([]);
    expect(message.key).toBe('cus_from');
    expect(validateDownstreamEvent(message.value).ok).toBe(true);
    expect((message.value as { payload: unknown }).payload).toEqual({
      ...payload,
      part: 1,
      parts: 1,
      moves: [
        { customerId: 'cus_a', eventKeys: ['shop:1', 'shop:2'] },
        { customerId: 'cus_b', eventKeys: ['app:9'] },
      ],
    });
  });

  it('spreads the events of a big split over parts that each fit the event size limit and together list every key once', () => {
    const keys = (id: string) =>
      Array.from({ length: 3000 }, (_, i) => `connector-${id}:${'e'.repeat(100)}-${i}`);
    const moved = new Map([
      ['cus_a', keys('a')],
      ['cus_b', keys('b')],
    ]);
    const messages = profileSplitMessages('changes', { payload, moved }, 'split-2');
    expect(messages.length).toBeGreaterThan(1);
    const listed = new Map<string, string[]>();
    for (const [index, message] of messages.entries()) {
      expect(Buffer.byteLength(JSON.stringify(message.value))).toBeLessThan(MAX_EVENT_BYTES);
      expect(validateDownstreamEvent(message.value).ok).toBe(true);
      const part = (
        message.value as {
          payload: {
            part: number;
            parts: number;
            moves: { customerId: string; eventKeys: string[] }[];
          };
        }
      ).payload;
      expect([part.part, part.parts]).toEqual([index + 1, messages.length]);
      for (const move of part.moves)
        listed.set(move.customerId, [...(listed.get(move.customerId) ?? []), ...move.eventKeys]);
    }
    expect(listed).toEqual(moved);
  });

  it('publishes a split that moved no events as one part with no moves', () => {
    const messages = profileSplitMessages('changes', { payload, moved: new Map() }, 'split-3');
    expect(messages.map((m) => (m.value as { payload: { moves: unknown } }).payload.moves)).toEqual(
      [[]],
    );
  });
});
