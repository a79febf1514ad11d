import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { ReportingConfig } from '../config/reporting-config';
import { ATTRIBUTION_MODELS } from './attribution-models';
import type { TimelineChunk } from '../timelines/timeline-entries';
import { TouchTimelineDecoder } from '../timelines/touch-entries';
import { AttributionRepository, type PathQuery } from './attribution.repository';
import type {
  AttributionAnswerDto,
  AttributionQuery,
  AttributionRowDto,
} from './dto/attribution.dto';
import { PathCredits } from './path-credits';

/**
 * A row of the answer while paths are read: its customers counted as they come (every order of
 * a customer is read together, so the last customer counted tells whether one is new), its
 * credits per model.
 */
type PathRow = {
  channel: string;
  campaignId: string;
  paid: boolean;
  touches: number;
  customers: number;
  lastCustomer: number;
  credits: Float64Array;
};

const DAY_MS = 86_400_000;
const NO_CHUNKS: readonly TimelineChunk[] = [];

/**
 * Multi-touch attribution at query time over the customers' touch timelines (ADR 0023): a model
 * or window change needs no reprocessing.
 */
@Injectable()
export class AttributionService {
  constructor(
    private readonly paths: AttributionRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async query(query: AttributionQuery): Promise<AttributionAnswerDto> {
    const models = query.models ? [...new Set(query.models)] : [...ATTRIBUTION_MODELS];
    const lookbackDays = query.lookbackDays ?? this.config.attribution.lookbackDays;
    const halfLifeDays = query.halfLifeDays ?? this.config.attribution.halfLifeDays;
    const currency = this.config.kpis.currency;
    const range: PathQuery = {
      from: new Date(query.from),
      to: new Date(query.to),
      currency,
      lookbackDays,
      ...(query.channels ? { channels: query.channels } : {}),
      ...(query.touchTypes ? { touchTypes: query.touchTypes } : {}),
    };
    const { maxOrders } = this.config.attribution;
    // One more than allowed: enough to refuse, without reading a huge range. The two halves of the
    // customers are read at once, one connection each.
    const halves = await Promise.all([
      this.paths.customerPaths(range, maxOrders + 1, 0),
      this.paths.customerPaths(range, maxOrders + 1, 1),
    ]);
    const count = halves.reduce((sum, half) => sum + half.placedMs.length, 0);
    if (count > maxOrders) {
      throw new ApiError(
        400,
        'range_too_large',
        `the range holds ${await this.paths.countOrders(range)} orders; at most ${maxOrders} (REPORTING_ATTRIBUTION_MAX_ORDERS)`,
      );
    }
    const terms = await this.paths.touchTerms();
    const touchTypes =
      query.touchTypes === undefined ? undefined : new Set<string>(query.touchTypes);
    const touches = new TouchTimelineDecoder(
      terms,
      (term) => touchTypes === undefined || touchTypes.has(term.touchType),
    );
    // The answer's row of each term id: terms differing only in touch type share a row.
    const rowOfTerm: PathRow[] = [];
    const rows = new Map<string, PathRow>();
    for (const [id, term] of terms) {
      const key = `${term.channel}\u001f${term.campaignId}\u001f${term.paid}`;
      let row = rows.get(key);
      if (row === undefined) {
        row = {
          channel: term.channel,
          campaignId: term.campaignId,
          paid: term.paid,
          touches: 0,
          customers: 0,
          lastCustomer: -1,
          credits: new Float64Array(models.length),
        };
        rows.set(key, row);
      }
      rowOfTerm[id] = row;
    }
    let revenue = 0;
    const unattributed = { orders: 0, revenue: 0 };
    const credits = new PathCredits(models, halfLifeDays);
    const lookbackMs = lookbackDays * DAY_MS;
    const rowsOfPath: PathRow[] = [];
    let ats = new Float64Array(64);
    let customer = 0;
    for (const { orderEnd, placedMs, totals, timelines } of halves) {
      let index = 0;
      for (let c = 0; c < orderEnd.length; c++) {
        customer += 1;
        touches.decode(timelines[c] ?? NO_CHUNKS);
        for (; index < orderEnd[c]; index++) {
          const value = totals[index];
          const placed = placedMs[index];
          revenue += value;
          // The touches in (placed − lookback, placed], as the join took them.
          const first = touches.after(placed - lookbackMs);
          const n = touches.after(placed) - first;
          if (n <= 0) {
            unattributed.orders += 1;
            unattributed.revenue += value;
            continue;
          }
          for (let i = 0; i < n; i++) {
            const row = rowOfTerm[touches.term[first + i]];
            row.touches += 1;
            if (row.lastCustomer !== customer) {
              row.lastCustomer = customer;
              row.customers += 1;
            }
            rowsOfPath[i] = row;
          }
          // Copied, not a subarray: a view per order is an allocation per order.
          if (n > ats.length) ats = new Float64Array(2 ** Math.ceil(Math.log2(n)));
          for (let i = 0; i < n; i++) ats[i] = touches.at[first + i];
          credits.credit(value, ats, n);
          for (let m = 0; m < models.length; m++) {
            const shares = credits.credits[m];
            for (let i = 0; i < n; i++) rowsOfPath[i].credits[m] += shares[i];
          }
        }
      }
    }
    return {
      currency,
      models,
      lookbackDays,
      halfLifeDays,
      orders: count,
      revenue,
      unattributed,
      rows: [...rows.values()]
        .filter((row) => row.touches > 0)
        .map((row): AttributionRowDto => ({
          channel: row.channel,
          campaignId: row.campaignId,
          paid: row.paid,
          customers: row.customers,
          touches: row.touches,
          credits: Object.fromEntries(models.map((model, m) => [model, row.credits[m]])),
        }))
        .sort(
          (a, b) =>
            a.channel.localeCompare(b.channel) ||
            a.campaignId.localeCompare(b.campaignId) ||
            Number(a.paid) - Number(b.paid),
        ),
    };
  }
}
