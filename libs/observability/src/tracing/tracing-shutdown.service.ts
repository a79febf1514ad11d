import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { runningTracing } from './start-tracing';

/**
 * Flushes buffered spans when the app closes (SIGTERM included). Without it the last few seconds
 * of every instance, shutdown and drain included, never reach the collector.
 */
@Injectable()
export class TracingShutdownService implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await runningTracing()?.shutdown();
  }
}
