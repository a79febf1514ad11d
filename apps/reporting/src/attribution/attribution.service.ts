import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { DataSource } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { ATTRIBUTION_MODELS } from './attribution-models';
import {
  AttributionRepository,
  KEY_PART_SEPARATOR,
  KEY_SEPARATOR,
  type PathQuery,
} from './attribution.repository';
import type {
  AttributionAnswerDto,
  AttributionQuery,
  AttributionRowDto,
} from './dto/attribution.dto';
import { PathCredits } from './path-credits';

/** A row of the answer while paths are read: its customers as a set, its credits per model. */
type PathRow = {
  channel: string;
  campaignId: string;
  paid: boolean;
  touches: number;
  customers: Set<string>;
  credits: Float64Array;
};

/** Multi-touch attribution at query time over stored touches: a model or window change needs no reprocessing. */
@Injectable()
export class AttributionService {
  constructor(
    private readonly paths: AttributionRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const manager = this.dataSource.manager;
    const count = await this.paths.countOrders(manager, range);
    if (count > this.config.attribution.maxOrders) {
      throw new ApiError(
        400,
        'range_too_large',
        `the range holds ${count} orders; at most ${this.config.attribution.maxOrders} (REPORTING_ATTRIBUTION_MAX_ORDERS)`,
      );
    }
    const rows = new Map<string, PathRow>();
    let revenue = 0;
    const unattributed = { orders: 0, revenue: 0 };
    const credits = new PathCredits(models, halfLifeDays);
    let ats = new Float64Array(64);
    const rowsOfPath: PathRow[] = [];
    for (const path of await this.paths.paths(manager, range)) {
      const value = Number(path.total);
      revenue += value;
      if (path.ats === null || path.keys === null) {
        unattributed.orders += 1;
        unattributed.revenue += value;
        continue;
      }
      const keys = path.keys.split(KEY_SEPARATOR);
      const n = keys.length;
      if (path.ats.length !== n * 8) throw new Error('a path with as many times as touches');
      if (n > ats.length) ats = new Float64Array(2 ** Math.ceil(Math.log2(n)));
      // Whole milliseconds, as a Date of the same float8 holds them.
      for (let i = 0; i < n; i++) ats[i] = Math.trunc(path.ats.readDoubleBE(i * 8));
      for (let i = 0; i < n; i++) {
        let row = rows.get(keys[i]);
        if (row === undefined) {
          const [channel, campaignId, paid] = keys[i].split(KEY_PART_SEPARATOR);
          row = {
            channel,
            campaignId,
            paid: paid === 'true',
            touches: 0,
            customers: new Set(),
            credits: new Float64Array(models.length),
          };
          rows.set(keys[i], row);
        }
        row.touches += 1;
        row.customers.add(path.customer_id);
        rowsOfPath[i] = row;
      }
      credits.credit(value, ats, n);
      for (let m = 0; m < models.length; m++) {
        const parts = credits.credits[m];
        for (let i = 0; i < n; i++) rowsOfPath[i].credits[m] += parts[i];
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
        .map((row): AttributionRowDto => ({
          channel: row.channel,
          campaignId: row.campaignId,
          paid: row.paid,
          customers: row.customers.size,
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
