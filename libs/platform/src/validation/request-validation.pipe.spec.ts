import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@omni/observability';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ErrorBodyFilter } from '../errors/error-body.filter';
import { RequestValidationPipe } from './request-validation.pipe';
import { freeText, idText } from './text';

class MergeRequestDto extends createZodDto(
  z.strictObject({
    customerIds: z.tuple([idText(128), idText(128)]),
    reason: freeText(2000),
    dryRun: z.boolean().default(false),
  }),
) {}

class ListQueryDto extends createZodDto(
  z.strictObject({ limit: z.coerce.number().int().min(1).max(1_000).default(100) }),
) {}

class CustomerParamsDto extends createZodDto(z.strictObject({ customerId: idText(128) })) {}

@Controller('profiles')
class ProfilesController {
  @Post('merge')
  merge(@Body() body: MergeRequestDto): unknown {
    return body;
  }

  @Get()
  list(@Query() query: ListQueryDto): unknown {
    return query;
  }

  @Get(':customerId')
  get(@Param() params: CustomerParamsDto): unknown {
    return params;
  }

  @Post('raw')
  raw(@Body() body: unknown): unknown {
    return { received: body };
  }
}

@Module({
  controllers: [ProfilesController],
  providers: [
    { provide: APP_FILTER, useClass: ErrorBodyFilter },
    { provide: APP_PIPE, useClass: RequestValidationPipe },
  ],
})
class ProfilesModule {}

describe('RequestValidationPipe', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createServiceApp({ module: ProfilesModule, serviceName: 'crm' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const merge = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/profiles/merge', payload: payload as object });

  it('hands the handler the parsed body, defaults applied', async () => {
    const response = await merge({ customerIds: ['cus_1', 'cus_2'], reason: 'same\nperson' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      customerIds: ['cus_1', 'cus_2'],
      reason: 'same\nperson',
      dryRun: false,
    });
  });

  it('answers 400 invalid_request in the one error body, naming the path of every problem', async () => {
    const response = await merge({ customerIds: ['cus_1', 'a\u0000b'], reason: '', extra: 1 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code: 'invalid_request',
      message:
        'customerIds.1: must not contain control characters or lone surrogates; reason: must not be empty; (root): Unrecognized key: "extra"',
      details: {
        issues: [
          {
            path: 'customerIds.1',
            message: 'must not contain control characters or lone surrogates',
          },
          { path: 'reason', message: 'must not be empty' },
          { path: '(root)', message: 'Unrecognized key: "extra"' },
        ],
      },
    });
  });

  it('never quotes the value it refuses', async () => {
    const phone = '+8613800138000\u0000';
    const response = await merge({ customerIds: [phone, 'x'.repeat(129)], reason: phone });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain('8613800138000');
    expect(response.body).not.toContain('xxxx');
  });

  it('validates and coerces a query', async () => {
    expect((await app.inject({ method: 'GET', url: '/profiles?limit=20' })).json()).toEqual({
      limit: 20,
    });
    const refused = await app.inject({ method: 'GET', url: '/profiles?limit=0' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details).toEqual({
      issues: [{ path: 'limit', message: expect.any(String) }],
    });
  });

  it('validates path parameters', async () => {
    expect((await app.inject({ method: 'GET', url: '/profiles/cus_1' })).json()).toEqual({
      customerId: 'cus_1',
    });
    const refused = await app.inject({ method: 'GET', url: '/profiles/a%00b' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details).toEqual({
      issues: [{ path: 'customerId', message: expect.stringContaining('control characters') }],
    });
  });

  it('passes a parameter without a zod DTO untouched', async () => {
    const payload = { events: [{ anything: true }], extra: 1 };
    const response = await app.inject({ method: 'POST', url: '/profiles/raw', payload });
    expect(response.json()).toEqual({ received: payload });
  });

  it('documents a zod DTO in the OpenAPI document from its schema, required fields and all', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs-json' });
    const document = response.json<{
      components: { schemas: Record<string, Record<string, unknown>> };
    }>();
    expect(document.components.schemas.MergeRequestDto).toEqual({
      type: 'object',
      properties: {
        customerIds: expect.objectContaining({ type: 'array', minItems: 2, maxItems: 2 }),
        reason: { type: 'string', minLength: 1, maxLength: 2000 },
        dryRun: { type: 'boolean', default: false },
      },
      required: ['customerIds', 'reason'],
      additionalProperties: false,
    });
    expect(response.body).not.toContain('x-nestjs_zod');
  });
});
