import { Body, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController, ApiErrors } from '@omni/platform';
import { QuoteDto, QuoteRequestDto } from './dto/quote.dto';
import { QuotesService } from './quotes.service';

@AdminController('v1/quotes', 'quotes')
export class QuotesController {
  constructor(private readonly quotes: QuotesService) {}

  @Post()
  @HttpCode(200)
  // The service hands over the answer already serialized (its hash is taken of those bytes):
  // Fastify sends a string with a JSON content type as it is.
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary:
      'Quote a cart: every line discount and total, every applied promotion with its explanation, every other live promotion with a reason code, and a hash. Writes nothing.',
  })
  @ApiOkResponse({ type: QuoteDto })
  @ApiErrors({
    400: 'invalid_request',
    422: 'price_unknown: a line without unitPrice and no price in the read model',
  })
  quote(@Body() body: QuoteRequestDto): Promise<string> {
    return this.quotes.quoteJson(body);
  }
}
