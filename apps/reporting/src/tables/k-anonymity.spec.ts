import { hideSmallCells } from './k-anonymity';

describe('k-anonymity of dashboard cells', () => {
  const counts: Record<string, number[]> = {
    channel: [],
    visitors: [12],
    orders: [4],
    conversionRate: [12, 4],
    spend: [],
    refunds: [0],
  };
  const customersOf = (column: string) => counts[column] ?? [];

  it('hides a cell about fewer than k customers and says which it hid', () => {
    const row = hideSmallCells(
      { channel: 'web', visitors: 12, orders: 5, conversionRate: 0.33, spend: 900, refunds: 0 },
      customersOf,
      5,
    );
    expect(row).toEqual({
      cells: {
        channel: 'web',
        visitors: 12,
        orders: null,
        conversionRate: null,
        spend: 900,
        refunds: 0,
      },
      suppressed: ['orders', 'conversionRate'],
    });
  });

  it('keeps a cell about exactly k customers, and cells about no one', () => {
    const row = hideSmallCells({ orders: 7, refunds: 0, spend: 10 }, customersOf, 4);
    expect(row).toEqual({ cells: { orders: 7, refunds: 0, spend: 10 }, suppressed: [] });
  });

  it('hides a ratio when any count it is computed from is small', () => {
    expect(hideSmallCells({ conversionRate: 0.5 }, () => [40, 3], 5).suppressed).toEqual([
      'conversionRate',
    ]);
  });

  it('with k = 1 hides nothing', () => {
    expect(hideSmallCells({ orders: 1 }, () => [1], 1).suppressed).toEqual([]);
  });
});
