/** Stock of one SKU over a range, summed over the locations (stores, warehouses) in scope. */
export type SkuStock = {
  sku: string;
  locations: number;
  snapshots: number;
  stockouts: number;
  /** Sum over locations of each location's mean available stock over its snapshots. */
  averageAvailable: number;
  /** Sum over locations of each location's latest snapshot in the range. */
  currentAvailable: number;
};

export type SkuSales = { sku: string; units: number; lastSoldAt: Date };

export type InventoryRow = {
  sku: string;
  locations: number;
  snapshots: number;
  /** Share of snapshots with nothing available. */
  stockoutRate: number | null;
  averageAvailable: number | null;
  currentAvailable: number | null;
  unitsSold: number;
  averageDailyUnits: number;
  /** Units sold ÷ average stock. */
  turnover: number | null;
  /** Current stock ÷ average daily units sold. */
  daysOfCover: number | null;
  lastSoldAt: string | null;
  /** Days from the last sale to the end of the range; null when not sold in the range. */
  daysSinceLastSale: number | null;
  /** 1 for the slowest SKU that has stock: fewest units sold, then longest without a sale. */
  slowMoverRank: number | null;
};

const DAY_MS = 86_400_000;
const ratio = (numerator: number, denominator: number | null): number | null =>
  denominator === null || denominator === 0 ? null : numerator / denominator;

/**
 * Inventory figures per SKU over a range of `days` UTC days ending at `to`; rows come slowest
 * movers first (SKUs with stock, fewest units sold, longest without a sale, never sold first),
 * then the SKUs without stock, each group by SKU.
 */
export function inventoryRows(
  stock: readonly SkuStock[],
  sales: readonly SkuSales[],
  range: { to: Date; days: number },
): InventoryRow[] {
  const stockOf = new Map(stock.map((s) => [s.sku, s]));
  const salesOf = new Map(sales.map((s) => [s.sku, s]));
  const skus = [...new Set([...stockOf.keys(), ...salesOf.keys()])].sort();
  const rows: InventoryRow[] = skus.map((sku) => {
    const s = stockOf.get(sku);
    const sold = salesOf.get(sku);
    const units = sold?.units ?? 0;
    const averageDailyUnits = units / range.days;
    const averageAvailable = s === undefined ? null : s.averageAvailable;
    const currentAvailable = s === undefined ? null : s.currentAvailable;
    return {
      sku,
      locations: s?.locations ?? 0,
      snapshots: s?.snapshots ?? 0,
      stockoutRate: s === undefined ? null : ratio(s.stockouts, s.snapshots),
      averageAvailable,
      currentAvailable,
      unitsSold: units,
      averageDailyUnits,
      turnover: ratio(units, averageAvailable),
      daysOfCover: currentAvailable === null ? null : ratio(currentAvailable, averageDailyUnits),
      lastSoldAt: sold === undefined ? null : sold.lastSoldAt.toISOString(),
      daysSinceLastSale:
        sold === undefined ? null : (range.to.getTime() - sold.lastSoldAt.getTime()) / DAY_MS,
      slowMoverRank: null,
    };
  });
  const withStock = rows
    .filter((row) => (row.currentAvailable ?? 0) > 0)
    .sort(
      (a, b) =>
        a.unitsSold - b.unitsSold ||
        (b.daysSinceLastSale ?? Infinity) - (a.daysSinceLastSale ?? Infinity) ||
        (a.sku < b.sku ? -1 : 1),
    );
  withStock.forEach((row, i) => (row.slowMoverRank = i + 1));
  return [...withStock, ...rows.filter((row) => row.slowMoverRank === null)];
}
