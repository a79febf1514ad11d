import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { transactionAtNow } from '@omni/database';
import { ApiError, SERVICE_CONFIG, type Change } from '@omni/platform';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '../audit/audit-log.repository';
import type { PricingConfig } from '../config/pricing-config';
import type { CreateExemptionDto, ExemptionDto } from './dto/exemption.dto';
import { FairnessExemptionPolicy } from './fairness-exemption.entity';

const view = (row: FairnessExemptionPolicy): ExemptionDto => ({
  id: row.id,
  baselineGroup: row.baselineGroup,
  sku: row.sku,
  validFrom: row.validFrom?.toISOString() ?? null,
  validTo: row.validTo?.toISOString() ?? null,
  actor: row.actor,
  reason: row.reason,
  createdAt: row.createdAt.toISOString(),
});

/** Exemption policies: baseline prices the fairness guard does not compare members with. */
@Injectable()
export class FairnessExemptionsService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogRepository,
  ) {}

  /** Only a configured baseline group can be exempted; the policy and its audit entry commit together. */
  create(input: CreateExemptionDto, change: Change): Promise<ExemptionDto> {
    const baseline = this.config.groups.baseline;
    if (!baseline.includes(input.baselineGroup))
      throw new ApiError(
        400,
        'invalid_request',
        `baselineGroup: ${input.baselineGroup} is not a baseline group (${baseline.join(', ')})`,
      );
    return transactionAtNow(this.dataSource, async (tx, now) => {
      const row = tx.create(FairnessExemptionPolicy, {
        id: `fx_${randomUUID()}`,
        baselineGroup: input.baselineGroup,
        sku: input.sku ?? null,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
        actor: change.actor,
        reason: change.reason,
        createdAt: now,
      });
      await tx.insert(FairnessExemptionPolicy, row);
      const after = view(row);
      await this.audit.record(
        tx,
        change,
        [
          {
            action: 'fairness.exemption-created',
            subject: `exemption:${row.id}`,
            sku: row.sku,
            after,
          },
        ],
        now,
      );
      return after;
    });
  }

  async list(): Promise<ExemptionDto[]> {
    const rows = await this.dataSource
      .getRepository(FairnessExemptionPolicy)
      .find({ order: { createdAt: 'DESC' } });
    return rows.map(view);
  }
}
