import {
  TOUCH_ENTRY_BYTES,
  TouchTimelineDecoder,
  compareTouches,
  encodeTouchEntries,
  touchTermKey,
  type TimelineTouch,
  type TouchTerm,
} from './touch-entries';

const terms = new Map<number, TouchTerm>([
  [4, { channel: 'tmall', campaignId: 'spring', paid: true, touchType: 'click' }],
  [5, { channel: 'tmall', campaignId: 'spring', paid: false, touchType: 'click' }],
  [6, { channel: 'jd', campaignId: 'spring', paid: true, touchType: 'impression' }],
]);
const idOf = (term: TouchTerm) =>
  [...terms].find(([, t]) => touchTermKey(t) === touchTermKey(term))?.[0] as number;
const month = Date.UTC(2026, 4, 1);
const touch = (id: number, at: number): TimelineTouch => ({ ...(terms.get(id) as TouchTerm), at });

describe('touch entries', () => {
  it('pack 8 bytes per touch, time from the start of the UTC month, then the term id', () => {
    const entries = encodeTouchEntries(
      [touch(6, Date.UTC(2026, 4, 31, 23, 59, 59, 999))],
      month,
      idOf,
    );
    expect(entries.length).toBe(TOUCH_ENTRY_BYTES);
    expect(entries.readUInt32BE(0)).toBe(30 * 86_400_000 + 86_399_999);
    expect(entries.readUInt32BE(4)).toBe(6);
  });

  it('order simultaneous touches by channel, campaign, unpaid first, then touch type', () => {
    const at = month + 1_000;
    expect([touch(4, at), touch(5, at), touch(6, at)].sort(compareTouches).map(idOf)).toEqual([
      6, 5, 4,
    ]);
  });

  it('decode a customer’s months in path order, late touches sorted in, other touch types left out', () => {
    const june = Date.UTC(2026, 5, 1);
    const decoder = new TouchTimelineDecoder(terms, (term) => term.touchType === 'click');
    decoder.decode([
      { month, entries: encodeTouchEntries([touch(4, month + 10)], month, idOf) },
      {
        month: june,
        entries: Buffer.concat([
          encodeTouchEntries([touch(4, june + 50), touch(6, june + 5)], june, idOf),
          // Late: before the touch appended first, and tied with it on time.
          encodeTouchEntries([touch(5, june + 50), touch(5, june + 20)], june, idOf),
        ]),
      },
    ]);
    expect(decoder.n).toBe(4);
    expect([...decoder.at.subarray(0, 4)]).toEqual([month + 10, june + 20, june + 50, june + 50]);
    expect([...decoder.term.subarray(0, 4)]).toEqual([4, 5, 5, 4]);
    // Binary search: the first touch after an instant.
    expect([month + 9, month + 10, june + 49, june + 50].map((t) => decoder.after(t))).toEqual([
      0, 1, 2, 4,
    ]);
  });
});
