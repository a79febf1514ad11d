import { at, candidate } from './price-candidate.spec-helper';
import { selectPrice, type SelectionQuery } from './select-price';

const query = (overrides: Partial<SelectionQuery> = {}): SelectionQuery => ({
  channel: 'tmall',
  customerGroups: [],
  at: at('2026-06-18T00:00:00Z'),
  quantity: 1,
  ...overrides,
});

describe('selection picks the most specific valid price and says why the others lost', () => {
  const unscoped = candidate({ id: 'unscoped', amount: 10_000 });
  const channel = candidate({ id: 'tmall', channel: 'tmall', amount: 9_500 });
  const group = candidate({ id: 'gold', customerGroup: 'gold', amount: 9_200 });
  const both = candidate({
    id: 'gold-tmall',
    channel: 'tmall',
    customerGroup: 'gold',
    amount: 9_000,
  });
  const other = candidate({ id: 'jd', channel: 'jd', amount: 1 });
  const all = [unscoped, channel, group, both, other];

  it('orders customer group + channel, customer group, channel, unscoped', () => {
    expect(selectPrice(all, query({ customerGroups: ['gold'] })).selected).toMatchObject({
      priceId: 'gold-tmall',
      level: 'customer-group+channel',
      amount: 9_000,
    });
    expect(
      selectPrice([unscoped, channel, group], query({ customerGroups: ['gold'] })).selected,
    ).toMatchObject({ priceId: 'gold', level: 'customer-group' });
    expect(selectPrice(all, query()).selected).toMatchObject({
      priceId: 'tmall',
      level: 'channel',
    });
    expect(selectPrice(all, query({ channel: 'app' })).selected).toMatchObject({
      priceId: 'unscoped',
      level: 'unscoped',
    });
  });

  it('explains every rejected candidate', () => {
    const { rejected } = selectPrice(all, query());
    expect(Object.fromEntries(rejected.map((r) => [r.priceId, r.reason]))).toEqual({
      unscoped: 'less specific (unscoped, undated) than the selected price (channel, undated)',
      gold: 'for customer group gold, which the customer is not in',
      'gold-tmall': 'for customer group gold, which the customer is not in',
      jd: 'for channel jd, not tmall',
    });
  });

  it('picks the same price without explaining, for the comparisons the guard makes', () => {
    const quiet = selectPrice(all, query({ customerGroups: ['gold'] }), { explain: false });
    expect(quiet.selected).toEqual(selectPrice(all, query({ customerGroups: ['gold'] })).selected);
    expect(quiet.rejected).toEqual([]);
  });

  it('lets a country-scoped price refine its level, never jump a level', () => {
    const cn = candidate({ id: 'cn', country: 'CN', amount: 9_900 });
    const cnTmall = candidate({ id: 'cn-tmall', channel: 'tmall', country: 'CN', amount: 9_700 });
    expect(selectPrice([unscoped, cn, channel], query({ country: 'CN' })).selected?.priceId).toBe(
      'tmall',
    );
    expect(
      selectPrice([unscoped, cn, channel, cnTmall], query({ country: 'CN' })).selected?.priceId,
    ).toBe('cn-tmall');
    const { rejected } = selectPrice([cn], query());
    expect(rejected[0].reason).toBe('for country CN; the request names no country');
  });

  it('prefers a dated price to an undated one at the same level, inside its window only', () => {
    const sale = candidate({
      id: 'sale',
      channel: 'tmall',
      amount: 8_000,
      validFrom: at('2026-06-18T00:00:00Z'),
      validTo: at('2026-06-21T00:00:00Z'),
    });
    expect(selectPrice([channel, sale], query()).selected).toMatchObject({
      priceId: 'sale',
      dated: true,
    });
    const after = selectPrice([channel, sale], query({ at: at('2026-06-21T00:00:00Z') }));
    expect(after.selected?.priceId).toBe('tmall');
    expect(after.rejected[0].reason).toBe('no longer valid: ended 2026-06-21T00:00:00.000Z');
    const before = selectPrice([sale], query({ at: at('2026-06-17T23:59:59Z') }));
    expect(before.selected).toBeUndefined();
    expect(before.rejected[0].reason).toBe('not valid yet: from 2026-06-18T00:00:00.000Z');
  });

  it("applies the price list's window as well as the price's", () => {
    const listed = candidate({ listValidTo: at('2026-06-01T00:00:00Z') });
    expect(selectPrice([listed], query()).selected).toBeUndefined();
  });

  it('gives a customer in two groups the lower of two equally specific prices', () => {
    const silver = candidate({ id: 'silver', customerGroup: 'silver', amount: 9_300 });
    const selection = selectPrice([group, silver], query({ customerGroups: ['silver', 'gold'] }));
    expect(selection.selected?.priceId).toBe('gold');
    expect(selection.rejected[0].reason).toBe(
      'as specific as the selected price but not lower (9300 ≥ 9200)',
    );
  });

  it('charges the highest quantity tier the quantity reaches', () => {
    const tiered = candidate({
      quantityTiers: [
        { minQuantity: 10, amount: 9_000 },
        { minQuantity: 3, amount: 9_500 },
      ],
    });
    expect(selectPrice([tiered], query({ quantity: 2 })).selected?.amount).toBe(10_000);
    expect(selectPrice([tiered], query({ quantity: 3 })).selected?.amount).toBe(9_500);
    expect(selectPrice([tiered], query({ quantity: 50 })).selected?.amount).toBe(9_000);
  });
});
