import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto, AdminController, ApiErrors } from '@omni/platform';
import { CustomerInsightsService } from '../insights/customer-insights.service';
import { CustomerProfileService } from './customer-profile.service';
import { MergedCustomerRedirect } from './merged-customer';
import { CustomerIdParamsDto, CustomerProfileDto, type CustomerView } from './dto/customer.dto';

@AdminController('v1/customers', 'customers', { 400: 'invalid_request: a malformed customer id' })
export class CustomersController {
  constructor(
    private readonly profiles: CustomerProfileService,
    private readonly insights: CustomerInsightsService,
    private readonly merged: MergedCustomerRedirect,
  ) {}

  @Get(':customerId')
  @ApiOperation({
    summary:
      'One customer across every channel: traits with the event time that set them, channels, orders, spend, refunds, AOV, visits, reviews, service contacts, tier, points, segments, lifecycle, value tier, churn reason, RFM, consent and CLV.',
  })
  @ApiOkResponse({ type: CustomerProfileDto })
  @ApiErrors({ 404: 'customer_not_found' })
  @ApiResponse({
    status: 308,
    type: ErrorBodyDto,
    description:
      'customer_merged: the id was merged into another customer; Location is the same resource of the survivor (details.survivorId)',
  })
  async get(@Param() { customerId }: CustomerIdParamsDto): Promise<CustomerView> {
    return this.merged.orSurvivor(customerId, '', async () => {
      // Two statements at once: the profile with tier and points, and the insights summary.
      const [profile, summary] = await Promise.all([
        this.profiles.profile(customerId),
        this.insights.summary(customerId),
      ]);
      return { ...profile, ...summary };
    });
  }
}
