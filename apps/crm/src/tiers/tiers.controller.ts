import { Param, Query } from '@nestjs/common';
import {
  createZodDto,
  PageDto,
  type Page,
  AdminController,
  Endpoint,
  CustomerIdParamsDto,
} from '@omni/platform';
import { z } from 'zod';
import { tierChangeSchema } from '../customers/dto/customer.dto';
import { MergedCustomerRedirect, MERGED_CUSTOMER_LIST_ERRORS } from '../customers/merged-customer';
import { SeqPageQueryDto } from '../points/dto/points.dto';
import { TiersService } from './tiers.service';

class TierChangeDto extends createZodDto(tierChangeSchema) {}
class TierChangePageDto extends PageDto(TierChangeDto) {}
type TierChangeView = (typeof tierChangeSchema)['_output'];

class AssessmentDto extends createZodDto(
  z.object({ assessed: z.int(), upgraded: z.int(), downgraded: z.int() }),
) {}

@AdminController('v1/tiers', 'tiers')
export class TiersController {
  constructor(private readonly tiers: TiersService) {}

  @Endpoint('POST assessments', {
    summary:
      'Assess every customer now (also run on a schedule): upgrades to the qualified tier, downgrades one tier at most; each change audited and published.',
    answer: AssessmentDto,
    status: 200,
  })
  assess(): Promise<{ assessed: number; upgraded: number; downgraded: number }> {
    return this.tiers.assessAll(new Date());
  }
}

@AdminController('v1/customers', 'tiers', {
  400: 'invalid_request: a malformed customer id, cursor or limit',
})
export class CustomerTierChangesController {
  constructor(
    private readonly tiers: TiersService,
    private readonly merged: MergedCustomerRedirect,
  ) {}

  @Endpoint('GET :customerId/tier-changes', {
    summary: 'The customer’s audited tier changes in the order they happened, a page at a time.',
    answer: TierChangePageDto,
    errors: MERGED_CUSTOMER_LIST_ERRORS,
  })
  changes(
    @Param() { customerId }: CustomerIdParamsDto,
    @Query() page: SeqPageQueryDto,
  ): Promise<Page<TierChangeView>> {
    return this.merged.orSurvivor(customerId, '/tier-changes', async () => {
      const { items, next } = await this.tiers.changesPage(customerId, page);
      return {
        items: items.map((change) => ({
          changeId: change.changeId,
          previousTier: change.previousTier,
          tier: change.tier,
          reason: change.reason,
          assessment: change.assessment,
          occurredAt: change.occurredAt.toISOString(),
        })),
        next,
      };
    });
  }
}
