import { Injectable } from '@nestjs/common';
import { transactionAtNow } from '@omni/database';
import { ApiError, type Change } from '@omni/platform';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '../audit/audit-log.repository';
import type { SkuSettingsDto, SkuSettingsRequest } from './dto/sku-settings.dto';
import { floorOf, marginDecimal, marginPpm } from './floor';
import { SkuSettings } from './sku-settings.entity';

export const settingsView = (row: SkuSettings): SkuSettingsDto => ({
  sku: row.sku,
  currency: row.currency,
  cost: row.cost,
  minMargin: marginDecimal(row.minMarginPpm),
  floor: row.floor,
  ceiling: row.ceiling,
  updatedAt: row.updatedAt.toISOString(),
});

@Injectable()
export class SkusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogRepository,
  ) {}

  async get(sku: string): Promise<SkuSettingsDto> {
    const row = await this.dataSource.getRepository(SkuSettings).findOneBy({ sku });
    if (row === null) throw new ApiError(404, 'sku_not_found', `no settings for SKU ${sku}`);
    return settingsView(row);
  }

  /** Sets cost, margin and ceiling; the floor follows. Audited with before and after. */
  async put(sku: string, request: SkuSettingsRequest, change: Change): Promise<SkuSettingsDto> {
    const minMarginPpm = marginPpm(request.minMargin);
    if (minMarginPpm === undefined)
      throw new ApiError(400, 'invalid_request', 'minMargin: expected a decimal from 0 up to 1');
    const floor = floorOf(request.cost, minMarginPpm);
    if (request.ceiling < floor)
      throw new ApiError(
        422,
        'ceiling_below_floor',
        `the ceiling ${request.ceiling} is below the floor ${floor} that cost ${request.cost} and margin ${request.minMargin} require`,
        { details: { floor, ceiling: request.ceiling } },
      );
    return transactionAtNow(this.dataSource, async (tx, now) => {
      const repository = tx.getRepository(SkuSettings);
      const before = await repository.findOne({
        where: { sku },
        lock: { mode: 'pessimistic_write' },
      });
      const row = repository.create({
        sku,
        currency: request.currency,
        cost: request.cost,
        minMarginPpm,
        floor,
        ceiling: request.ceiling,
        updatedAt: now,
      });
      await repository.save(row);
      const after = settingsView(row);
      await this.audit.record(
        tx,
        change,
        [
          {
            action: 'sku.settings-changed',
            subject: `sku:${sku}`,
            sku,
            before: before === null ? null : settingsView(before),
            after,
          },
        ],
        now,
      );
      return after;
    });
  }
}
