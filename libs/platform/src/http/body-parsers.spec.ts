import { Body, Controller, Module, Post } from '@nestjs/common';
import { SERVICE_CONFIG } from '../service-platform.module';
import { BodyParsers } from './body-parsers';
import { useKitApp } from './kit-app.spec-helper';

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
  const kit = useKitApp(BodiesModule);

  const post = (contentType: string, payload: string) =>
    kit.app.inject({
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
