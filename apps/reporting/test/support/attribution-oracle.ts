// The attribution query as it was before paths came compact from Postgres (a row per order and
// touch sorted, a Date per touch, `attribute` per model; the join of orders to touches): kept
// only as the oracle of test/attribution-paths.property.int-spec.ts. Simultaneous touches are in
// the order of their channel, campaign, paid and touch type (ADR 0023), no longer of event key.
import type { EntityManager } from 'typeorm';
import { attribute, type AttributionModel } from '../../src/attribution/attribution-models';
import {
  ORDER_SCOPE,
  orderParameters,
  type PathQuery,
} from '../../src/attribution/attribution.repository';
import type { AttributionRowDto } from '../../src/attribution/dto/attribution.dto';

/** The orders of the range, each joined to the touches on its path ($5 lookback days, $6 touch types). */
const PATHS_OF_ORDERS = `FROM orders o
  LEFT JOIN touches t
    ON t.customer_id = o.customer_id
   AND t.occurred_at <= o.placed_at
   AND t.occurred_at > o.placed_at - make_interval(days => $5)
   AND ($6::text[] IS NULL OR t.touch_type = ANY($6::text[]))
 WHERE ${ORDER_SCOPE}`;

const pathParameters = (range: PathQuery) => [
  ...orderParameters(range),
  range.lookbackDays,
  range.touchTypes ?? null,
];

type OrderPath = {
  orderId: string;
  customerId: string;
  placedAt: Date;
  value: number;
  touches: { at: Date; channel: string; campaignId: string; paid: boolean }[];
};

async function oraclePaths(tx: EntityManager, range: PathQuery): Promise<OrderPath[]> {
  const rows: {
    order_id: string;
    customer_id: string;
    placed_ms: number;
    total: string;
    at_ms: number | null;
    channel: string | null;
    campaign_id: string | null;
    paid: boolean | null;
  }[] = await tx.query(
    `SELECT o.order_id, o.customer_id, (extract(epoch FROM o.placed_at) * 1000)::float8 AS placed_ms,
            o.total, (extract(epoch FROM t.occurred_at) * 1000)::float8 AS at_ms, t.channel, t.campaign_id, t.paid
       ${PATHS_OF_ORDERS}
      ORDER BY o.order_id, t.occurred_at, t.channel COLLATE "C", t.campaign_id COLLATE "C", t.paid,
               t.touch_type COLLATE "C"`,
    pathParameters(range),
  );
  const paths: OrderPath[] = [];
  for (const row of rows) {
    let path = paths.at(-1);
    if (path === undefined || path.orderId !== row.order_id) {
      path = {
        orderId: row.order_id,
        customerId: row.customer_id,
        placedAt: new Date(row.placed_ms),
        value: Number(row.total),
        touches: [],
      };
      paths.push(path);
    }
    if (row.at_ms !== null && row.channel !== null && row.campaign_id !== null && row.paid !== null)
      path.touches.push({
        at: new Date(row.at_ms),
        channel: row.channel,
        campaignId: row.campaign_id,
        paid: row.paid,
      });
  }
  return paths;
}

/** The previous AttributionService.query after its range check, over the same range. */
export async function oracleAttribution(
  tx: EntityManager,
  range: PathQuery,
  models: AttributionModel[],
  halfLifeDays: number,
) {
  const count = Number(
    (
      (await tx.query(
        `SELECT count(*) AS n FROM orders o WHERE ${ORDER_SCOPE}`,
        orderParameters(range),
      )) as { n: string }[]
    )[0].n,
  );
  const rows = new Map<string, AttributionRowDto>();
  const customersOf = new Map<AttributionRowDto, Set<string>>();
  let revenue = 0;
  const unattributed = { orders: 0, revenue: 0 };
  for (const path of await oraclePaths(tx, range)) {
    revenue += path.value;
    if (path.touches.length === 0) {
      unattributed.orders += 1;
      unattributed.revenue += path.value;
      continue;
    }
    const rowsOfPath = path.touches.map((touch) => {
      const id = `${touch.channel}|${touch.campaignId}|${touch.paid}`;
      let row = rows.get(id);
      if (row === undefined) {
        row = {
          channel: touch.channel,
          campaignId: touch.campaignId,
          paid: touch.paid,
          customers: 0,
          touches: 0,
          credits: Object.fromEntries(models.map((model) => [model, 0])),
        };
        rows.set(id, row);
        customersOf.set(row, new Set());
      }
      row.touches += 1;
      customersOf.get(row)?.add(path.customerId);
      return row;
    });
    for (const model of models) {
      attribute(model, path.value, path.touches, { halfLifeDays }).forEach((credit, i) => {
        rowsOfPath[i].credits[model] += credit;
      });
    }
  }
  for (const [row, customers] of customersOf) row.customers = customers.size;
  return {
    orders: count,
    revenue,
    unattributed,
    rows: [...rows.values()].sort(
      (a, b) =>
        a.channel.localeCompare(b.channel) ||
        a.campaignId.localeCompare(b.campaignId) ||
        Number(a.paid) - Number(b.paid),
    ),
  };
}
