import { Injectable } from '@nestjs/common';
import { transactionAtNow } from '@omni/database';
import type { Change } from '@omni/platform';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { ReadModelsRepository } from './read-models.repository';

export type Floor = { sku: string; currency: string; floor: number };

/** The lowest unit price promotions may take a SKU to, set by hand and audited with the change. */
@Injectable()
export class FloorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readModels: ReadModelsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async set(floor: Floor, change: Change): Promise<Floor> {
    await transactionAtNow(this.dataSource, async (tx, now) => {
      await this.readModels.setFloor(tx, floor.sku, floor.currency, floor.floor, now);
      await this.audit.record(
        tx,
        change,
        'sku.floor-set',
        `sku:${floor.sku}`,
        { currency: floor.currency, floor: floor.floor },
        now,
      );
    });
    return floor;
  }
}
