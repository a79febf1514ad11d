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

  it('ids only (nothing exported): only the HTTP layers that propagate the ids', () => {
    expect(names(false)).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-undici',
    ]);
  });

  it('makes the server span of incoming requests, with the query names, only when spans are recorded', () => {
    const httpConfig = (recording: boolean) =>
      omniInstrumentations({ recording })
        .find((i) => i.instrumentationName === '@opentelemetry/instrumentation-http')!
        .getConfig() as {
        startIncomingSpanHook?: unknown;
        disableIncomingRequestInstrumentation?: boolean;
      };
    expect(httpConfig(true)).toMatchObject({ disableIncomingRequestInstrumentation: false });
    expect(typeof httpConfig(true).startIncomingSpanHook).toBe('function');
    // Ids only: installRequestTraceIds gives each request its span; outgoing HTTP stays.
    expect(httpConfig(false)).toMatchObject({ disableIncomingRequestInstrumentation: true });
    expect(httpConfig(false).startIncomingSpanHook).toBeUndefined();
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
