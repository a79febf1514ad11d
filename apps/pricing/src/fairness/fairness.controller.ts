import { randomUUID } from 'node:crypto';
import { Body, Headers, Inject, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ACTOR_HEADER,
  actorOf,
  AdminController,
  ApiError,
  createZodDto,
  SERVICE_CONFIG,
  Endpoint,
  pageLimit,
} from '@omni/platform';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import type { PricingConfig } from '../config/pricing-config';
import { skuText } from '../http/change-request';
import { CreateExemptionDto, ExemptionDto } from './dto/exemption.dto';
import { FairnessCorrectionsRepository } from './fairness-corrections.repository';
import { FairnessExemptionPolicy } from './fairness-exemption.entity';

class CorrectionsQueryDto extends createZodDto(
  z.strictObject({
    sku: skuText.optional(),
    limit: pageLimit(),
  }),
) {}

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

@AdminController('v1/fairness', 'fairness', { 400: 'invalid_request' })
export class FairnessController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly audit: AuditService,
    private readonly corrections: FairnessCorrectionsRepository,
  ) {}

  @Endpoint('POST exemptions', {
    summary:
      "Exempt a baseline group's prices (e.g. a new-customer welcome price) from being the baseline members are compared with. Audited.",
    answer: ExemptionDto,
  })
  async create(@Body() body: CreateExemptionDto, @Headers(ACTOR_HEADER) header?: string) {
    const actor = actorOf(body.actor, header);
    if (!this.config.groups.baseline.includes(body.baselineGroup))
      throw new ApiError(
        400,
        'invalid_request',
        `baselineGroup: ${body.baselineGroup} is not a baseline group (${this.config.groups.baseline.join(', ')})`,
      );
    const now = new Date();
    return this.dataSource.transaction(async (tx) => {
      const row = tx.create(FairnessExemptionPolicy, {
        id: `fx_${randomUUID()}`,
        baselineGroup: body.baselineGroup,
        sku: body.sku ?? null,
        validFrom: body.validFrom ?? null,
        validTo: body.validTo ?? null,
        actor,
        reason: body.reason,
        createdAt: now,
      });
      await tx.insert(FairnessExemptionPolicy, row);
      await this.audit.record(
        tx,
        { actor, reason: body.reason },
        [
          {
            action: 'fairness.exemption-created',
            subject: `exemption:${row.id}`,
            sku: row.sku,
            after: view(row),
          },
        ],
        now,
      );
      return view(row);
    });
  }

  @Endpoint('GET exemptions', { summary: 'Every exemption policy', answer: [ExemptionDto] })
  async list() {
    const rows = await this.dataSource
      .getRepository(FairnessExemptionPolicy)
      .find({ order: { createdAt: 'DESC' } });
    return rows.map(view);
  }

  @Endpoint('GET corrections', {
    summary:
      'Member prices selection lowered to the baseline (two lists unfair together), counted per case',
  })
  listCorrections(@Query() query: CorrectionsQueryDto) {
    return this.corrections.find(query.sku, query.limit);
  }
}
