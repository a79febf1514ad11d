import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import {
  createZodDto,
  ErrorBodyDto,
  PageDto,
  type Page,
  AdminController,
  ApiErrors,
} from '@omni/platform';
import { z } from 'zod';
import { CustomerIdParamsDto, tierChangeSchema } from '../customers/dto/customer.dto';
import { MergedCustomerRedirect } from '../customers/merged-customer';
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

  @Post('assessments')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Assess every customer now (also run on a schedule): upgrades to the qualified tier, downgrades one tier at most; each change audited and published.',
  })
  @ApiOkResponse({ type: AssessmentDto })
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

  @Get(':customerId/tier-changes')
  @ApiOperation({
    summary: 'The customer’s audited tier changes in the order they happened, a page at a time.',
  })
  @ApiOkResponse({ type: TierChangePageDto })
  @ApiErrors({ 404: 'customer_not_found' })
  @ApiResponse({
    status: 308,
    type: ErrorBodyDto,
    description: 'customer_merged: Location is the same list of the survivor',
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
