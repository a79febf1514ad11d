import { startTracing } from '@omni/observability';

// Imported first by http-path.bench.ts, as tracing.ts is by every service's main.ts: with
// --tracing, OpenTelemetry patches http and Nest before they load (no exporter configured).
export const tracing = process.argv.includes('--tracing')
  ? startTracing({ serviceName: 'http-path-bench', env: { OTEL_TRACES_ENABLED: 'true' } })
  : undefined;
