import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { createLoggerModule } from '../logging/logger.module';
import { MetricsModule } from '../metrics/metrics.module';
import { TracingShutdownService } from '../tracing/tracing-shutdown.service';

export type ObservabilityOptions = {
  serviceName: string;
  /** The service's pino logger (see createLogger), shared with the request log. */
  logger: Logger;
};

/**
 * Logging, metrics and the span flush at shutdown for one service. `createServiceApp` adds it;
 * an app module never imports it as well.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [createLoggerModule(options.logger), MetricsModule.forRoot(options.serviceName)],
      providers: [TracingShutdownService],
    };
  }
}
