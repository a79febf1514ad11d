import { startTracing } from '@omni/observability';
import { service } from './service';

// Imported first by main.ts: OpenTelemetry must patch http, pg and kafkajs before they load.
export const tracing = startTracing({ serviceName: service.name });
