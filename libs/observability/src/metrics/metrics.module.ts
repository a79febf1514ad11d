import { Module, type DynamicModule } from '@nestjs/common';
import { DefaultMetricsService, METRICS_SERVICE_NAME } from './default-metrics.service';
import { MetricsController } from './metrics.controller';

/**
 * `GET /metrics` over the default prom-client registry, with default Node metrics labelled with
 * the service. Request durations are recorded by the Fastify hook `createServiceApp` installs.
 */
@Module({})
export class MetricsModule {
  static forRoot(serviceName: string): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_SERVICE_NAME, useValue: serviceName }, DefaultMetricsService],
    };
  }
}
