import { Body, Header } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { QuoteDto, QuoteRequestDto } from './dto/quote.dto';
import { QuotesService } from './quotes.service';

@AdminController('v1/quotes', 'quotes')
export class QuotesController {
  constructor(private readonly quotes: QuotesService) {}

  @Endpoint('POST', {
    summary:
      'Quote a cart: every line discount and total, every applied promotion with its explanation, every other live promotion with a reason code, and a hash. Writes nothing.',
    answer: QuoteDto,
    status: 200,
    errors: {
      400: 'invalid_request',
      422: 'price_unknown: a line without unitPrice and no price in the read model',
    },
  })
  // The service hands over the answer already serialized (its hash is taken of those bytes):
  // Fastify sends a string with a JSON content type as it is.
  @Header('content-type', 'application/json; charset=utf-8')
  quote(@Body() body: QuoteRequestDto): Promise<string> {
    return this.quotes.quoteJson(body);
  }
}
