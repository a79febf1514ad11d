import { omniInstrumentations, queryNamesOnly } from './instrumentations';

const names = (recording: boolean) =>
  omniInstrumentations({ recording })
    .map((instrumentation) => instrumentation.instrumentationName)
    .sort();

describe('omniInstrumentations', () => {
  it('with spans exported: HTTP in and out, the Nest handler and Postgres queries', () => {
    expect(names(true)).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-nestjs-core',
      '@opentelemetry/instrumentation-pg',
      '@opentelemetry/instrumentation-undici',
    ]);
  });

  it('ids only (nothing exported): only the HTTP layers that carry and propagate the ids', () => {
    expect(names(false)).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-undici',
    ]);
  });

  it('records the names of query parameters only when spans are recorded', () => {
    const hookOf = (recording: boolean) =>
      (
        omniInstrumentations({ recording })
          .find((i) => i.instrumentationName === '@opentelemetry/instrumentation-http')!
          .getConfig() as { startIncomingSpanHook?: unknown }
      ).startIncomingSpanHook;
    expect(typeof hookOf(true)).toBe('function');
    expect(hookOf(false)).toBeUndefined();
  });
});

describe('queryNamesOnly', () => {
  it('keeps the names and drops every value', () => {
    expect(queryNamesOnly('/v1/customers?phone=%2B86139&page=2')).toBe(
      'phone=REDACTED&page=REDACTED',
    );
    expect(queryNamesOnly('/v1/customers')).toBeUndefined();
  });
});
