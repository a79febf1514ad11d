import { Query } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { InventoryAnswerDto, InventoryQueryDto } from './dto/inventory.dto';
import { InventoryService } from './inventory.service';

@AdminController('v1', 'inventory', {
  400: 'invalid_request (a malformed parameter, or no whole UTC day) or range_too_large',
})
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Endpoint('GET inventory', {
    summary:
      'Per SKU over the UTC days of [from, to), from inventory.snapshot and order.placed: stock-out rate (share of snapshots at zero available), average and current available stock, units sold, turnover (units ÷ average stock), days of cover (current stock ÷ average daily units) and days since the last sale; slow movers (SKUs with stock, fewest units sold, longest without a sale) first.',
    answer: InventoryAnswerDto,
  })
  query(@Query() query: InventoryQueryDto): Promise<InventoryAnswerDto> {
    return this.inventory.query(query);
  }
}
