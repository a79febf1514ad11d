import { inventoryRows, type SkuStock } from './inventory-figures';

const to = new Date('2026-05-11T00:00:00Z');
const stock = (sku: string, over: Partial<SkuStock> = {}): SkuStock => ({
  sku,
  locations: 1,
  snapshots: 10,
  stockouts: 0,
  averageAvailable: 20,
  currentAvailable: 10,
  ...over,
});

describe('inventory figures', () => {
  it('turnover is units over average stock, days of cover current stock over daily units', () => {
    const [row] = inventoryRows(
      [stock('A', { stockouts: 2 })],
      [{ sku: 'A', units: 30, lastSoldAt: new Date('2026-05-09T12:00:00Z') }],
      { to, days: 10 },
    );
    expect(row).toMatchObject({
      stockoutRate: 0.2,
      unitsSold: 30,
      averageDailyUnits: 3,
      turnover: 1.5,
      daysOfCover: 10 / 3,
      daysSinceLastSale: 1.5,
      slowMoverRank: 1,
    });
  });

  it('ranks SKUs with stock by fewest units, then longest without a sale, never sold first', () => {
    const rows = inventoryRows(
      [stock('A'), stock('B'), stock('C'), stock('D'), stock('E', { currentAvailable: 0 })],
      [
        { sku: 'A', units: 5, lastSoldAt: new Date('2026-05-10T00:00:00Z') },
        { sku: 'B', units: 5, lastSoldAt: new Date('2026-05-02T00:00:00Z') },
        { sku: 'D', units: 1, lastSoldAt: new Date('2026-05-10T00:00:00Z') },
        { sku: 'E', units: 0, lastSoldAt: new Date('2026-05-01T00:00:00Z') },
      ],
      { to, days: 10 },
    );
    expect(rows.map((r) => [r.sku, r.slowMoverRank])).toEqual([
      ['C', 1],
      ['D', 2],
      ['B', 3],
      ['A', 4],
      ['E', null],
    ]);
  });

  it('a ratio over nothing is null: no stock snapshots, no sales', () => {
    const [sold, unsold] = inventoryRows(
      [stock('U', { averageAvailable: 0, currentAvailable: 0, stockouts: 10 })],
      [{ sku: 'S', units: 4, lastSoldAt: new Date('2026-05-10T00:00:00Z') }],
      { to, days: 2 },
    ).sort((a, b) => (a.sku < b.sku ? -1 : 1));
    expect(sold).toMatchObject({ sku: 'S', stockoutRate: null, turnover: null, daysOfCover: null });
    expect(unsold).toMatchObject({
      sku: 'U',
      stockoutRate: 1,
      turnover: null,
      daysOfCover: null,
      daysSinceLastSale: null,
    });
  });
});
