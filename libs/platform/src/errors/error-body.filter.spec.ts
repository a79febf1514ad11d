import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Module,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, logCapture } from '@omni/observability';
import { QueryFailedError } from 'typeorm';
import { ApiError } from './api-error';
import { ErrorBodyFilter } from './error-body.filter';

@Controller('orders')
class OrdersController {
  @Post()
  create(@Body() body: unknown): unknown {
    return body;
  }

  @Get('limited')
  limited(): never {
    throw new ApiError(429, 'rate_limited', 'retry after 2 s', {
      headers: { 'Retry-After': '2' },
      details: { retryAfterSeconds: 2 },
    });
  }

  @Get('nest-error')
  nestError(): never {
    throw new BadRequestException('bad things');
  }

  @Get('crash')
  crash(): never {
    throw Object.assign(new TypeError("cannot read 'total' of undefined"), {
      parameters: ['+8613800138000'],
    });
  }

  @Get('deadlock')
  deadlock(): never {
    // TypeORM's QueryFailedError as a deadlock victim carries the SQLSTATE as its code.
    throw new QueryFailedError('UPDATE price_lists SET status = $1', ['archived'], {
      name: 'error',
      message: 'deadlock detected',
      severity: 'ERROR',
      code: '40P01',
    } as unknown as Error);
  }

  @Get('pool-timeout')
  poolTimeout(): never {
    throw new Error('timeout exceeded when trying to connect');
  }

  @Get('constraint')
  constraint(): never {
    throw new QueryFailedError('INSERT INTO t VALUES ($1)', [1], {
      name: 'error',
      message: 'duplicate key value violates unique constraint "t_pkey"',
      severity: 'ERROR',
      code: '23505',
    } as unknown as Error);
  }

  @Get('unavailable')
  unavailable(): never {
    throw new ApiError(503, 'kafka_unavailable', 'Kafka did not answer; retry');
  }

  @Get('report')
  report(): never {
    throw new ServiceUnavailableException({
      status: 'error',
      error: { kafka: { status: 'down' } },
    });
  }
}

@Module({
  controllers: [OrdersController],
  providers: [{ provide: APP_FILTER, useClass: ErrorBodyFilter }],
})
class OrdersModule {}

describe('ErrorBodyFilter', () => {
  let app: NestFastifyApplication;
  const { lines: logLines, destination } = logCapture();

  beforeAll(async () => {
    app = await createServiceApp({
      module: OrdersModule,
      serviceName: 'pricing',
      fastify: { bodyLimit: 1_024 },
      logger: { destination, env: { LOG_LEVEL: 'trace' } },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());
  beforeEach(() => (logLines.length = 0));

  const post = (payload: string, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': contentType },
      payload,
    });

  it('answers an ApiError with its code, message, details and headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/orders/limited' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.json()).toEqual({
      code: 'rate_limited',
      message: 'retry after 2 s',
      details: { retryAfterSeconds: 2 },
    });
  });

  it.each([
    ['malformed JSON', () => post('{"total": '), 400, 'malformed_json'],
    ['an empty JSON body', () => post(''), 400, 'malformed_json'],
    [
      'a body over the limit',
      () => post(JSON.stringify({ pad: 'x'.repeat(2_000) })),
      413,
      'payload_too_large',
    ],
    [
      'a media type without a parser',
      () => post('<order/>', 'application/xml'),
      415,
      'unsupported_media_type',
    ],
    ['an unknown route', () => app.inject({ method: 'GET', url: '/nowhere' }), 404, 'not_found'],
    [
      'a Nest exception',
      () => app.inject({ method: 'GET', url: '/orders/nest-error' }),
      400,
      'invalid_request',
    ],
  ])('gives %s a stable code in the one error body', async (_what, send, status, code) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ code, message: expect.any(String) });
  });

  it('answers an unexpected error 500 internal_error without its details, logged once with its stack', async () => {
    const response = await app.inject({ method: 'GET', url: '/orders/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'internal_error', message: 'internal error' });
    const errors = logLines.filter((line) => line.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        msg: "request failed: cannot read 'total' of undefined",
        req: { method: 'GET', route: '/orders/crash' },
        res: { statusCode: 500, code: 'internal_error' },
        err: expect.objectContaining({
          type: 'TypeError',
          stack: expect.stringContaining('OrdersController.crash'),
        }),
      }),
    ]);
    expect(JSON.stringify(logLines)).not.toContain('+8613800138000');
  });

  it.each([
    ['a deadlock victim', '/orders/deadlock', 'deadlock detected (SQLSTATE 40P01)'],
    [
      'a pool out of connections',
      '/orders/pool-timeout',
      'timeout exceeded when trying to connect',
    ],
  ])(
    'answers %s 503 database_busy with Retry-After, and logs the cause',
    async (_what, url, cause) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toEqual({ code: 'database_busy', message: expect.any(String) });
      expect(logLines.filter((line) => line.level === 'error')).toEqual([
        expect.objectContaining({
          msg: `request failed: ${cause}`,
          res: { statusCode: 503, code: 'database_busy' },
        }),
      ]);
    },
  );

  it('answers a database error a retry cannot fix 500 internal_error', async () => {
    const response = await app.inject({ method: 'GET', url: '/orders/constraint' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'internal_error', message: 'internal error' });
  });

  it('logs a 4xx as a debug line with its code and without its message', async () => {
    await app.inject({ method: 'GET', url: '/orders/nest-error' });
    expect(logLines.filter((line) => line.level !== 'debug')).toEqual([]);
    expect(logLines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        res: { statusCode: 400, code: 'invalid_request' },
      }),
    ]);
    expect(JSON.stringify(logLines)).not.toContain('bad things');
  });

  it('logs a 5xx the service chose with its code and message, at most once a window', async () => {
    for (let i = 0; i < 3; i++)
      expect((await app.inject({ method: 'GET', url: '/orders/unavailable' })).statusCode).toBe(
        503,
      );
    expect(logLines).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'request failed: Kafka did not answer; retry',
        res: { statusCode: 503, code: 'kafka_unavailable' },
      }),
    ]);
  });

  it('passes a body a component shaped itself through unchanged', async () => {
    const response = await app.inject({ method: 'GET', url: '/orders/report' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'error', error: { kafka: { status: 'down' } } });
  });
});
