import { Body, Query } from '@nestjs/common';
import {
  Actor,
  AdminController,
  changeOf,
  createZodDto,
  Endpoint,
  pageLimit,
} from '@omni/platform';
import { z } from 'zod';
import { skuText } from '../http/change-request';
import { CreateExemptionDto, ExemptionDto } from './dto/exemption.dto';
import { FairnessCorrectionsRepository } from './fairness-corrections.repository';
import { FairnessExemptionsService } from './fairness-exemptions.service';

class CorrectionsQueryDto extends createZodDto(
  z.strictObject({
    sku: skuText.optional(),
    limit: pageLimit(),
  }),
) {}

@AdminController('v1/fairness', 'fairness', { 400: 'invalid_request' })
export class FairnessController {
  constructor(
    private readonly exemptions: FairnessExemptionsService,
    private readonly corrections: FairnessCorrectionsRepository,
  ) {}

  @Endpoint('POST exemptions', {
    summary:
      "Exempt a baseline group's prices (e.g. a new-customer welcome price) from being the baseline members are compared with. Audited.",
    answer: ExemptionDto,
  })
  create(@Body() body: CreateExemptionDto, @Actor() actor?: string) {
    return this.exemptions.create(body, changeOf(body, actor));
  }

  @Endpoint('GET exemptions', { summary: 'Every exemption policy', answer: [ExemptionDto] })
  list() {
    return this.exemptions.list();
  }

  @Endpoint('GET corrections', {
    summary:
      'Member prices selection lowered to the baseline (two lists unfair together), counted per case',
  })
  listCorrections(@Query() query: CorrectionsQueryDto) {
    return this.corrections.find(query.sku, query.limit);
  }
}
