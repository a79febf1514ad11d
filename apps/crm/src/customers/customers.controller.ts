import { Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto, AdminController, ApiErrors } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { CustomerProfileService } from './customer-profile.service';
import { customerNotFound, MergedCustomerRedirect } from './merged-customer';
import { CustomerIdParamsDto, CustomerProfileDto } from './dto/customer.dto';

@AdminController('v1/customers', 'customers', { 400: 'invalid_request: a malformed customer id' })
export class CustomersController {
  constructor(
    private readonly profiles: CustomerProfileService,
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
  async get(
    @Param() { customerId }: CustomerIdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const answer = await this.merged.orSurvivor(customerId, '', async () => {
      // One statement: Postgres writes the CustomerView's JSON, sent as it is.
      const text = await this.profiles.answer(customerId);
      if (text === undefined) throw customerNotFound(customerId);
      return text;
    });
    void reply.type('application/json; charset=utf-8');
    return answer;
  }
}
