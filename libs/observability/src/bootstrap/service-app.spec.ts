import { Writable } from 'node:stream';
import { Controller, Get, Module, Param } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse } from '@nestjs/swagger';
import { createServiceApp } from './bootstrap-service';

@Controller('orders')
class OrdersController {
  @Get(':id')
  @ApiOkResponse({ description: 'the order' })
  findOne(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [OrdersController] })
class OrdersModule {}

describe('createServiceApp', () => {
  let app: NestFastifyApplication;
  const logLines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });

  beforeAll(async () => {
    app = await createServiceApp({
      module: OrdersModule,
      serviceName: 'pricing',
      logger: { destination, env: { LOG_LEVEL: 'info' } },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
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
    expect(Object.keys(document.paths)).toEqual(['/orders/{id}']);
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

  it('logs each request as one JSON line without its credentials, and probes not at all', async () => {
    await app.inject({
      method: 'GET',
      url: '/orders/7',
      headers: { authorization: 'Bearer s3cret', cookie: 'sid=abc' },
    });
    await app.inject({ method: 'GET', url: '/metrics' });
    const requests = logLines.filter((line) => line.msg === 'request completed');
    const last = requests[requests.length - 1];
    expect(last).toMatchObject({
      service: 'pricing',
      req: { url: '/orders/7', headers: { authorization: '[redacted]', cookie: '[redacted]' } },
      res: { statusCode: 200 },
    });
    expect(requests.some((line) => (line.req as { url: string }).url === '/metrics')).toBe(false);
  });
});
