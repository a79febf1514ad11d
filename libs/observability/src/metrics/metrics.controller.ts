import { Controller, Get, Header } from '@nestjs/common';
import { register } from 'prom-client';

/**
 * Prometheus scrape endpoint for everything in the default registry. Kept out of the OpenAPI
 * document by `setupOpenApi`, not by a decorator here: @nestjs/swagger loads @nestjs/core, and this
 * file is part of the barrel that main.ts imports before tracing starts.
 */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return register.metrics();
  }
}
