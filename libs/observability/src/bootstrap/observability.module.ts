import { Module, type DynamicModule } from '@nestjs/common';
import type { LoggerSettings } from '../logging/create-logger';
import { createLoggerModule } from '../logging/logger.module';
import { MetricsModule } from '../metrics/metrics.module';
import { TracingShutdownService } from '../tracing/tracing-shutdown.service';

export type ObservabilityOptions = { serviceName: string; logger?: LoggerSettings };

/**
 * Logging, metrics and the span flush at shutdown for one service. `createServiceApp` adds it;
 * an app module never imports it as well.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        createLoggerModule(options.serviceName, options.logger),
        MetricsModule.forRoot(options.serviceName),
      ],
      providers: [TracingShutdownService],
    };
  }
}
