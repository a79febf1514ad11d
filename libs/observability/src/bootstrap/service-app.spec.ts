import { Controller, Get, Module, Param, ServiceUnavailableException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse } from '@nestjs/swagger';
import { PinoLogger } from 'nestjs-pino';
import { createServiceApp } from './bootstrap-service';
import { logCapture } from '../logging/log-capture';

@Controller('orders')
class OrdersController {
  @Get(':id')
  @ApiOkResponse({ description: 'the order' })
  findOne(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Controller('noted')
class NotedController {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('Noted');
  }

  @Get()
  note(): object {
    this.logger.warn('stock looks odd');
    return {};
  }
}

@Controller('broken')
class BrokenController {
  @Get()
  fail(): never {
    throw new Error('the ledger is unreachable');
  }
}

/** A readiness endpoint that answers as terminus does, with whatever the spec sets. */
const readiness = { ready: true };

@Controller('health')
class HealthController {
  @Get('ready')
  ready(): object {
    if (readiness.ready) return { status: 'ok', info: { kafka: { status: 'up' } } };
    throw new ServiceUnavailableException({
      status: 'error',
      error: { kafka: { status: 'down', message: 'no broker answers' } },
    });
  }
}

@Module({
  controllers: [OrdersController, NotedController, BrokenController, HealthController],
})
class OrdersModule {}

/** The spec's app, logging at `level` to `destination`, ready for requests. */
async function startOrdersApp(
  destination: ReturnType<typeof logCapture>['destination'],
  level: string,
): Promise<NestFastifyApplication> {
  const app = await createServiceApp({
    module: OrdersModule,
    serviceName: 'pricing',
    logger: { destination, env: { LOG_LEVEL: level } },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('createServiceApp', () => {
  let app: NestFastifyApplication;
  const { lines: logLines, destination } = logCapture();
  beforeAll(async () => (app = await startOrdersApp(destination, 'debug')));
  afterAll(() => app.close());

  it('serves the request-duration histogram by route pattern, method and status on /metrics', async () => {
    await app.inject({ method: 'GET', url: '/orders/41' });
    await app.inject({ method: 'GET', url: '/orders/42' });
    await app.inject({ method: 'GET', url: '/no-such-route' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = response.body;
    expect(body).toContain('# TYPE omni_http_request_duration_seconds histogram');
    expect(body).toContain(
      'omni_http_request_duration_seconds_count{service="pricing",method="GET",route="/orders/:id",status="200"} 2',
    );
    // Unknown paths share one series, so scanners cannot blow up the label cardinality.
    expect(body).toContain(
      'omni_http_request_duration_seconds_count{service="pricing",method="GET",route="unmatched",status="404"} 1',
    );
    expect(body).not.toContain('/orders/41');
  });

  it('exposes default Node metrics with the omni_ prefix and the service label', async () => {
    const { body } = await app.inject({ method: 'GET', url: '/metrics' });
    expect(body).toMatch(/omni_process_cpu_user_seconds_total\{service="pricing"\}/);
    expect(body).toMatch(/omni_nodejs_eventloop_lag_seconds\{service="pricing"\}/);
  });

  it('documents the API at /docs-json, titled after the service and without /metrics', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ info: { title: string }; paths: Record<string, unknown> }>();
    expect(document.info.title).toBe('Omni pricing API');
    expect(Object.keys(document.paths)).toEqual([
      '/orders/{id}',
      '/noted',
      '/broken',
      '/health/ready',
    ]);
  });

  it('serves Swagger UI at /docs from local assets', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/docs-json');
    const bundle = await app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });

  it('logs each request as one debug line with its route pattern, never its URL, query or headers, and probes not at all', async () => {
    logLines.length = 0;
    await app.inject({
      method: 'GET',
      url: '/orders/7?email=li.wei%40example.com',
      headers: { authorization: 'Bearer s3cret', cookie: 'sid=abc' },
    });
    await app.inject({ method: 'GET', url: '/metrics' });
    await app.inject({ method: 'GET', url: '/health/ready' });
    const requests = logLines.filter((line) => line.msg === 'request completed');
    expect(requests).toEqual([
      expect.objectContaining({
        level: 'debug',
        service: 'pricing',
        req: { method: 'GET', route: '/orders/:id' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
    const text = JSON.stringify(logLines);
    for (const leaked of ['/orders/7', 'li.wei', 's3cret', 'sid=abc']) {
      expect(text).not.toContain(leaked);
    }
  });

  it('logs what a handler logs with the service logger, binding no per-request child logger', async () => {
    logLines.length = 0;
    await app.inject({ method: 'GET', url: '/noted' });
    const noted = logLines.filter((line) => line.msg === 'stock looks odd');
    expect(noted).toEqual([
      expect.objectContaining({ level: 'warn', service: 'pricing', context: 'Noted' }),
    ]);
    // Lines inside a request are found by their trace ids (see the logger's mixin), not a reqId.
    expect(noted[0]).not.toHaveProperty('reqId');
    expect(noted[0]).not.toHaveProperty('req');
  });

  it('logs a 5xx at error, and the same failure on the same route at most once a window', async () => {
    logLines.length = 0;
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ method: 'GET', url: '/broken' })).statusCode).toBe(500);
    }
    // Without @omni/platform's error filter Nest logs the exception itself as well.
    const failures = logLines.filter((line) => String(line.msg).startsWith('request failed'));
    expect(failures).toEqual([
      expect.objectContaining({
        req: { method: 'GET', route: '/broken' },
        res: { statusCode: 500 },
        msg: 'request failed: answered 500',
      }),
    ]);
  });

  it('logs readiness when it changes, not on every probe', async () => {
    const probe = () => app.inject({ method: 'GET', url: '/health/ready' });
    await probe();
    logLines.length = 0;
    readiness.ready = false;
    for (let i = 0; i < 5; i++) expect((await probe()).statusCode).toBe(503);
    readiness.ready = true;
    await probe();
    await probe();
    expect(logLines.map((line) => [line.level, line.msg])).toEqual([
      ['error', 'not ready: kafka'],
      ['info', expect.stringMatching(/^ready again after \d+ s$/)],
    ]);
    expect(logLines[0]).toMatchObject({
      failing: 'kafka',
      details: { kafka: { status: 'down', message: 'no broker answers' } },
    });
  });
});

describe('createServiceApp at LOG_LEVEL=info', () => {
  let app: NestFastifyApplication;
  const { lines: logLines, destination } = logCapture();
  beforeAll(async () => (app = await startOrdersApp(destination, 'info')));
  afterAll(() => app.close());

  it('writes nothing for a successful request and still logs a 5xx', async () => {
    expect((await app.inject({ method: 'GET', url: '/orders/7' })).statusCode).toBe(200);
    expect(logLines).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/broken' })).statusCode).toBe(500);
    expect(logLines.filter((line) => line.msg === 'request failed: answered 500')).toHaveLength(1);
  });
});
