import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Statements on price lists that no entity method expresses. */
@Injectable()
export class PriceListsRepository {
  /**
   * One publication at a time, until `tx` ends: two lists checked concurrently could each pass
   * alone. Readers (selection, exports) are not blocked.
   */
  async lockForPublication(tx: EntityManager): Promise<void> {
    await tx.query(`LOCK TABLE price_lists IN SHARE ROW EXCLUSIVE MODE`);
  }
}
