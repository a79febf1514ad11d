import { startTracing } from '@omni/observability';

export const tracing = startTracing({ serviceName: 'trace-fixture' });
