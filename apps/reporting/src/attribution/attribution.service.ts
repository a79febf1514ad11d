import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { DataSource } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { attribute, ATTRIBUTION_MODELS } from './attribution-models';
import { AttributionRepository, type PathQuery } from './attribution.repository';
import type {
  AttributionAnswerDto,
  AttributionQuery,
  AttributionRowDto,
} from './dto/attribution.dto';

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
    const rows = new Map<string, AttributionRowDto>();
    const customersOf = new Map<AttributionRowDto, Set<string>>();
    let revenue = 0;
    const unattributed = { orders: 0, revenue: 0 };
    for (const path of await this.paths.paths(manager, range)) {
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
        attribute(model, path.value, path.touches, path.placedAt, { halfLifeDays }).forEach(
          (credit, i) => {
            rowsOfPath[i].credits[model] += credit;
          },
        );
      }
    }
    for (const [row, customers] of customersOf) row.customers = customers.size;
    return {
      currency,
      models,
      lookbackDays,
      halfLifeDays,
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
}
