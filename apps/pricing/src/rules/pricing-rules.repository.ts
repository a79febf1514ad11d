import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SkuSettings } from '../skus/sku-settings.entity';
import { PricingRuleEntity } from './pricing-rule.entity';

/** The rules attached to SKUs, and the lock one replica's scheduled tick holds. */
@Injectable()
export class PricingRulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async hasSettings(tx: EntityManager, sku: string): Promise<boolean> {
    return (await tx.findOneBy(SkuSettings, { sku })) !== null;
  }

  async insert(tx: EntityManager, rule: PricingRuleEntity): Promise<void> {
    await tx.insert(PricingRuleEntity, rule);
  }

  /** A SKU's rules by priority, then age. */
  ofSku(sku: string): Promise<PricingRuleEntity[]> {
    return this.dataSource
      .getRepository(PricingRuleEntity)
      .find({ where: { sku }, order: { priority: 'ASC', createdAt: 'ASC' } });
  }

  /** Takes a transaction-scoped advisory lock if no one holds it; false when someone does. */
  async tryLock(tx: EntityManager, name: string): Promise<boolean> {
    const [{ locked }]: { locked: boolean }[] = await tx.query(
      `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
      [name],
    );
    return locked;
  }

  /** The SKUs with an enabled scheduled rule. */
  async scheduledSkus(tx: EntityManager): Promise<string[]> {
    const rows: { sku: string }[] = await tx.query(
      `SELECT DISTINCT sku FROM pricing_rules WHERE rule = 'scheduled' AND enabled`,
    );
    return rows.map((row) => row.sku);
  }
}
