import { Body, Param } from '@nestjs/common';
import { Actor, AdminController, ChangeDto, Endpoint, changeOf, IdParamsDto } from '@omni/platform';
import { AddPricesDto, CreatePriceListDto, PriceListDto } from './dto/price-list.dto';
import { PriceListsService } from './price-lists.service';

@AdminController('v1/price-lists', 'price-lists', { 400: 'invalid_request' })
export class PriceListsController {
  constructor(private readonly lists: PriceListsService) {}

  @Endpoint('GET', {
    summary: 'The latest 500 price lists, newest first, with their price counts',
    answer: [PriceListDto],
  })
  list() {
    return this.lists.list();
  }

  @Endpoint('POST', {
    summary: 'Create a draft price list, optionally with its prices. Audited.',
    answer: PriceListDto,
  })
  create(@Body() body: CreatePriceListDto, @Actor() actor?: string) {
    return this.lists.create(body, changeOf(body, actor));
  }

  @Endpoint('GET :id', {
    summary: 'A price list with its first 1,000 prices',
    answer: PriceListDto,
    errors: { 404: 'price_list_not_found' },
  })
  get(@Param() params: IdParamsDto) {
    return this.lists.get(params.id);
  }

  @Endpoint('POST :id/prices', {
    summary: 'Add prices to a draft list. Audited.',
    answer: PriceListDto,
    errors: { 404: 'price_list_not_found', 409: 'price_list_not_draft' },
  })
  addPrices(@Param() params: IdParamsDto, @Body() body: AddPricesDto, @Actor() actor?: string) {
    return this.lists.addPrices(params.id, body.prices, changeOf(body, actor));
  }

  @Endpoint('POST :id/publish', {
    summary:
      'Publish a draft atomically: refuses overlapping prices in one scope (409 overlapping_prices), prices outside floor and ceiling (422 price_out_of_bounds) and member prices above the baseline (422 fairness_violation). Audited; publishes price.changed.',
    answer: PriceListDto,
    status: 200,
    errors: {
      404: 'price_list_not_found',
      409: 'price_list_not_draft, overlapping_prices',
      422: 'fairness_violation, price_out_of_bounds',
    },
  })
  publish(@Param() params: IdParamsDto, @Body() body: ChangeDto, @Actor() actor?: string) {
    return this.lists.publish(params.id, changeOf(body, actor));
  }

  @Endpoint('POST :id/archive', {
    summary: 'Archive a list: its prices stop applying now. Audited; publishes price.changed.',
    answer: PriceListDto,
    status: 200,
    errors: { 404: 'price_list_not_found', 409: 'price_list_archived' },
  })
  archive(@Param() params: IdParamsDto, @Body() body: ChangeDto, @Actor() actor?: string) {
    return this.lists.archive(params.id, changeOf(body, actor));
  }
}
