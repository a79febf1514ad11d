import { Param, Res } from '@nestjs/common';
import { AdminController, Endpoint, CustomerIdParamsDto } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { CustomerProfileService } from './customer-profile.service';
import {
  customerNotFound,
  MergedCustomerRedirect,
  MERGED_CUSTOMER_ERRORS,
} from './merged-customer';
import { CustomerProfileDto } from './dto/customer.dto';

@AdminController('v1/customers', 'customers', { 400: 'invalid_request: a malformed customer id' })
export class CustomersController {
  constructor(
    private readonly profiles: CustomerProfileService,
    private readonly merged: MergedCustomerRedirect,
  ) {}

  @Endpoint('GET :customerId', {
    summary:
      'One customer across every channel: traits with the event time that set them, channels, orders, spend, refunds, AOV, visits, reviews, service contacts, tier, points, segments, lifecycle, value tier, churn reason, RFM, consent and CLV.',
    answer: CustomerProfileDto,
    errors: MERGED_CUSTOMER_ERRORS,
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
