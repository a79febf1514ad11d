import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { registerDefaultMetrics } from './metrics-registry';

export const METRICS_SERVICE_NAME = Symbol('METRICS_SERVICE_NAME');

/** Starts the default Node metrics, labelled with the service, when the app starts. */
@Injectable()
export class DefaultMetricsService implements OnModuleInit {
  constructor(@Inject(METRICS_SERVICE_NAME) private readonly serviceName: string) {}

  onModuleInit(): void {
    registerDefaultMetrics(this.serviceName);
  }
}
