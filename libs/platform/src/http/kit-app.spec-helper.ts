import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { createServiceApp } from '@omni/observability';

/** The kit's HTTP stack around a test module, and the OpenAPI document it serves. */
export type KitApp = { readonly app: NestFastifyApplication; readonly document: OpenAPIObject };

/**
 * Serves `module` through the kit's HTTP stack (`createServiceApp`, logs silent) for the
 * enclosing describe block: started in `beforeAll`, ready for `inject`, closed in `afterAll`.
 */
export function useKitApp(module: Type<unknown>): KitApp {
  let app: NestFastifyApplication | undefined;
  let document: OpenAPIObject | undefined;
  beforeAll(async () => {
    app = await createServiceApp({
      module,
      serviceName: 'crm',
      logger: { env: { LOG_LEVEL: 'silent' } },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app?.close());
  const started = (): NestFastifyApplication => {
    if (app === undefined) throw new Error('the kit app starts in beforeAll: use it in a test');
    return app;
  };
  return {
    get app() {
      return started();
    },
    get document() {
      document ??= SwaggerModule.createDocument(
        started(),
        new DocumentBuilder().addBearerAuth().build(),
      );
      return document;
    },
  };
}
