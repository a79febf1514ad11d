import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { ReportingConfig } from '../config/reporting-config';
import type { InventoryAnswerDto, InventoryQuery } from './dto/inventory.dto';
import { inventoryRows } from './inventory-figures';
import { InventoryRepository } from './inventory.repository';

const DAY_MS = 86_400_000;
const dayStartOnOrAfter = (at: Date) => new Date(Math.ceil(at.getTime() / DAY_MS) * DAY_MS);

/** Stock-outs, turnover, days of cover and slow movers per SKU over whole UTC days. */
@Injectable()
export class InventoryService {
  constructor(
    private readonly inventory: InventoryRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async query(query: InventoryQuery): Promise<InventoryAnswerDto> {
    // Stock and sales are kept per UTC day: the days whose start is in [from, to).
    const from = dayStartOnOrAfter(new Date(query.from));
    const to = dayStartOnOrAfter(new Date(query.to));
    const days = (to.getTime() - from.getTime()) / DAY_MS;
    if (days < 1) {
      throw new ApiError(
        400,
        'invalid_request',
        'from..to holds no start of a UTC day; inventory figures are kept per UTC day',
      );
    }
    const { maxDays } = this.config.inventory;
    if (days > maxDays) {
      throw new ApiError(
        400,
        'range_too_large',
        `from..to spans ${days} days; at most ${maxDays} (REPORTING_INVENTORY_MAX_DAYS)`,
      );
    }
    const scope = {
      fromDay: from.toISOString().slice(0, 10),
      toDay: to.toISOString().slice(0, 10),
      ...(query.channel === undefined ? {} : { channel: query.channel }),
      ...(query.sku === undefined ? {} : { sku: query.sku }),
    };
    const [stock, sales] = await Promise.all([
      this.inventory.stock(scope),
      this.inventory.sales(scope),
    ]);
    return {
      fromDay: scope.fromDay,
      toDay: scope.toDay,
      days,
      channel: query.channel ?? null,
      rows: inventoryRows(stock, sales, { to, days }).slice(0, query.limit),
    };
  }
}
