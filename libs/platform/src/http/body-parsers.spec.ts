import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@omni/observability';
import { SERVICE_CONFIG } from '../service-platform.module';
import { BodyParsers } from './body-parsers';

@Controller('bodies')
class BodiesController {
  @Post()
  echo(@Body() body: unknown): unknown {
    return { received: body };
  }
}

type Config = { maxBodyBytes: number };

@Module({
  controllers: [BodiesController],
  providers: [
    { provide: SERVICE_CONFIG, useValue: { maxBodyBytes: 64 } satisfies Config },
    BodyParsers((config: Config) => ({ bodyLimit: config.maxBodyBytes, text: ['text/csv'] })),
  ],
})
class BodiesModule {}

describe('BodyParsers', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createServiceApp({
      module: BodiesModule,
      serviceName: 'crm',
      logger: { env: { LOG_LEVEL: 'silent' } },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const post = (contentType: string, payload: string) =>
    app.inject({
      method: 'POST',
      url: '/bodies',
      headers: { 'content-type': contentType },
      payload,
    });

  it('parses JSON up to the configured limit and refuses a larger body with 413', async () => {
    expect((await post('application/json', '{"a":1}')).json()).toEqual({ received: { a: 1 } });
    const large = JSON.stringify({ a: 'x'.repeat(100) });
    expect((await post('application/json', large)).statusCode).toBe(413);
  });

  it('hands a text media type over as a string, under the same limit', async () => {
    expect((await post('text/csv', 'sku,amount\nA,1\n')).json()).toEqual({
      received: 'sku,amount\nA,1\n',
    });
    expect((await post('text/csv', 'x'.repeat(100))).statusCode).toBe(413);
  });
});
