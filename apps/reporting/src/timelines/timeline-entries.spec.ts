import {
  ENTRY_BYTES,
  TimelineReader,
  compareEvents,
  encodeEntries,
  monthOf,
  type TimelineEvent,
} from './timeline-entries';

const terms = new Map([
  [1, 'page.viewed'],
  [2, 'product.viewed'],
  [3, 'web'],
  [4, 'app'],
  [5, ''],
]);
const ids = new Map([...terms].map(([id, term]) => [term, id]));
const idOf = (term: string) => ids.get(term) as number;
const t = (iso: string) => Date.parse(iso);
const event = (type: string, at: string, channel = 'web'): TimelineEvent => ({
  at: t(at),
  type,
  channel,
  campaignId: '',
});
const chunk = (month: string, events: TimelineEvent[]) => ({
  month: t(month),
  entries: encodeEntries(events, t(month), idOf),
});
const scope = {
  startTypes: ['page.viewed'],
  types: ['page.viewed', 'product.viewed'],
  from: t('2026-05-31T00:00:00Z'),
  to: t('2026-06-01T00:00:00Z'),
  until: t('2026-06-01T01:00:00Z'),
};
const steps = [{ types: ['page.viewed'] }, { types: ['product.viewed'], channels: ['app'] }];

describe('timeline entries', () => {
  it('pack 16 bytes per event, time from the start of the UTC month', () => {
    const entries = encodeEntries(
      [event('page.viewed', '2026-05-31T23:59:59.999Z')],
      monthOf(t('2026-05-31T23:59:59.999Z')),
      idOf,
    );
    expect(entries.length).toBe(ENTRY_BYTES);
    expect(entries.readUInt32BE(0)).toBe(30 * 86_400_000 + 86_399_999);
    expect([4, 8, 12].map((offset) => entries.readUInt32BE(offset))).toEqual([1, 3, 5]);
  });

  it('order simultaneous events by type, channel and campaign', () => {
    const at = '2026-06-01T00:00:00Z';
    expect(
      [
        event('product.viewed', at),
        event('page.viewed', at, 'web'),
        event('page.viewed', at, 'app'),
      ]
        .sort(compareEvents)
        .map((e) => `${e.type} ${e.channel}`),
    ).toEqual(['page.viewed app', 'page.viewed web', 'product.viewed web']);
  });

  it('are read across months in time order, a late event sorted into place, outside the span left out', () => {
    const customer = [
      chunk('2026-05-01T00:00:00Z', [event('page.viewed', '2026-05-31T23:50:00Z')]),
      chunk('2026-06-01T00:00:00Z', [
        event('product.viewed', '2026-06-01T00:10:00Z', 'app'),
        event('product.viewed', '2026-06-01T02:00:00Z', 'app'),
        // Late: appended after a later event.
        event('product.viewed', '2026-06-01T00:05:00Z', 'web'),
      ]),
    ];
    const noStart = [chunk('2026-06-01T00:00:00Z', [event('page.viewed', '2026-06-01T00:01:00Z')])];
    const reader = new TimelineReader([customer, noStart], terms, scope);
    expect(reader.countStarters()).toBe(1);
    const paths = reader.paths(steps);
    expect([...paths.bounds]).toEqual([0, 3]);
    expect([...paths.at]).toEqual(
      ['2026-05-31T23:50:00Z', '2026-06-01T00:05:00Z', '2026-06-01T00:10:00Z'].map(t),
    );
    // Bit 0: the page view; bit 1: a product view on app only.
    expect([...paths.matched.subarray(0, 3)]).toEqual([1, 0, 2]);
    expect([0, 1, 2].map((i) => paths.channelOf(i))).toEqual(['web', 'web', 'app']);
  });

  it('refuse an entry whose term is unknown', () => {
    const unknown = { month: t('2026-05-01T00:00:00Z'), entries: Buffer.alloc(ENTRY_BYTES) };
    unknown.entries.writeUInt32BE(30 * 86_400_000 + 3_600_000, 0);
    unknown.entries.writeUInt32BE(1, 4);
    unknown.entries.writeUInt32BE(99, 8);
    expect(() => new TimelineReader([[unknown]], terms, scope).paths(steps)).toThrow(
      'term 99, not in timeline_terms',
    );
  });
});
