import { isSpanContextValid, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TracingHandle, TracingOptions } from './start-tracing';

// startTracing keeps one SDK per process, so each case loads a fresh copy of the module.
function startIsolated(options: TracingOptions): TracingHandle {
  let handle: TracingHandle | undefined;
  jest.isolateModules(() => {
    const { startTracing } =
      jest.requireActual<typeof import('./start-tracing')>('./start-tracing');
    handle = startTracing(options);
  });
  return handle!;
}

describe('startTracing', () => {
  it('starts nothing when OTEL_TRACES_ENABLED=false', async () => {
    const handle = startIsolated({ serviceName: 'crm', env: { OTEL_TRACES_ENABLED: 'false' } });
    expect(handle.enabled).toBe(false);
    await expect(handle.shutdown()).resolves.toBeUndefined();
  });

  it('exports over OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const withEndpoint = startIsolated({
      serviceName: 'crm',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/' },
    });
    expect(withEndpoint).toMatchObject({
      enabled: true,
      exportsTo: 'http://otel-collector:4318/v1/traces',
    });
    await withEndpoint.shutdown();

    const without = startIsolated({ serviceName: 'crm', env: {} });
    expect(without).toMatchObject({ enabled: true, exportsTo: 'none' });
    await without.shutdown();
  });

  it('without an exporter, spans have ids but record nothing; with one they record', async () => {
    // One global tracer provider per process: clear what an earlier case registered.
    trace.disable();
    const without = startIsolated({ serviceName: 'crm', env: {} });
    const idsOnly = trace.getTracer('spec').startSpan('select');
    expect(isSpanContextValid(idsOnly.spanContext())).toBe(true);
    expect(idsOnly.isRecording()).toBe(false);
    idsOnly.end();
    await without.shutdown();

    trace.disable();
    const exporter = new InMemorySpanExporter();
    const exporting = startIsolated({ serviceName: 'crm', env: {}, exporter });
    const recorded = trace.getTracer('spec').startSpan('select');
    expect(recorded.isRecording()).toBe(true);
    recorded.end();
    await exporting.shutdown();
    trace.disable();
  });

  it('stops start-up naming a malformed variable', () => {
    expect(() =>
      startIsolated({ serviceName: 'crm', env: { OTEL_TRACES_ENABLED: 'yes' } }),
    ).toThrow(/OTEL_TRACES_ENABLED: expected true or false/);
  });

  it('a second call returns the running SDK instead of starting another', async () => {
    let first: TracingHandle | undefined;
    let second: TracingHandle | undefined;
    jest.isolateModules(() => {
      const { startTracing } =
        jest.requireActual<typeof import('./start-tracing')>('./start-tracing');
      first = startTracing({ serviceName: 'crm', env: {} });
      second = startTracing({ serviceName: 'other', env: {} });
    });
    expect(second).toBe(first);
    await first!.shutdown();
  });
});
