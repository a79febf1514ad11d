import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { trace } from '@opentelemetry/api';
import { PinoLogger } from 'nestjs-pino';
import { createServiceApp } from '../bootstrap/bootstrap-service';
import { logCapture } from '../logging/log-capture';
import { startTracing, type TracingHandle } from './start-tracing';

const ids = () => {
  const span = trace.getActiveSpan()?.spanContext();
  return {
    traceId: span?.traceId,
    spanId: span?.spanId,
    recording: trace.getActiveSpan()?.isRecording(),
  };
};

@Controller()
class IdsController {
  constructor(private readonly logger: PinoLogger) {}

  @Get('ids')
  async get(): Promise<object> {
    // Across an await, as a handler's database call would be.
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.logger.warn('inside the handler');
    return ids();
  }

  @Post('ids')
  post(@Body() body: { n: number }): object {
    return { ...ids(), n: body.n };
  }

  @Get('health/live')
  live(): object {
    return ids();
  }
}

@Module({ controllers: [IdsController] })
class IdsModule {}

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentSpanId = '00f067aa0ba902b7';

describe('request trace ids when tracing exports nothing', () => {
  let tracing: TracingHandle;
  let app: NestFastifyApplication;
  const { lines, destination } = logCapture();

  beforeAll(async () => {
    trace.disable();
    tracing = startTracing({ serviceName: 'ids-spec', env: {} });
    app = await createServiceApp({
      module: IdsModule,
      serviceName: 'ids-spec',
      logger: { destination, env: { LOG_LEVEL: 'debug' } },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
    trace.disable();
  });

  it('runs without an exporter: ids only', () => {
    expect(tracing).toMatchObject({ enabled: true, exportsTo: 'none' });
  });

  it("continues the caller's traceparent in a new, unrecorded span that the handler, its logs and the request's line carry", async () => {
    lines.length = 0;
    const response = await app.inject({
      method: 'GET',
      url: '/ids',
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    const seen = response.json<ReturnType<typeof ids>>();
    expect(seen).toEqual({
      traceId,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      recording: false,
    });
    expect(seen.spanId).not.toBe(parentSpanId);
    const handlerLine = lines.find((line) => line.msg === 'inside the handler');
    const requestLine = lines.find((line) => line.msg === 'request completed');
    expect(handlerLine).toMatchObject({ trace_id: traceId, span_id: seen.spanId });
    expect(requestLine).toMatchObject({ trace_id: traceId, span_id: seen.spanId });
  });

  it('starts a new trace for each request that brings none', async () => {
    const first = (await app.inject({ method: 'GET', url: '/ids' })).json<ReturnType<typeof ids>>();
    const second = (await app.inject({ method: 'GET', url: '/ids' })).json<
      ReturnType<typeof ids>
    >();
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.traceId).not.toBe(first.traceId);
  });

  it('keeps the context across the body arriving (a POST handler runs after it is parsed)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/ids',
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
      payload: { n: 7 },
    });
    expect(response.json()).toMatchObject({ traceId, n: 7 });
  });

  it('gives a request with a malformed traceparent a trace of its own', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/ids',
      headers: { traceparent: 'not-a-traceparent' },
    });
    expect(response.json<ReturnType<typeof ids>>().traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('traces no probe', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.json()).toEqual({});
  });
});
