import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiExcludeController, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { MetricsController } from '../metrics/metrics.controller';

export type OpenApiCustomizer = (builder: DocumentBuilder) => DocumentBuilder;

/** The Swagger UI files shipped with @nestjs/swagger (its own dependency, resolved from there). */
const swaggerUiDir = dirname(
  require.resolve('swagger-ui-dist/package.json', {
    paths: [dirname(require.resolve('@nestjs/swagger'))],
  }),
);

const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
};

const page = (title: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: '/docs-json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
</script>
</body>
</html>
`;

/**
 * OpenAPI JSON at `/docs-json` and Swagger UI at `/docs`. @nestjs/swagger's own UI needs
 * @fastify/static, which the workspace does not install, so the page and its three assets are
 * served here straight from swagger-ui-dist.
 */
export function setupOpenApi(
  app: NestFastifyApplication,
  serviceName: string,
  customize: OpenApiCustomizer = (builder) => builder,
): void {
  // Applied here rather than on the class, see MetricsController.
  ApiExcludeController()(MetricsController);
  const title = `Omni ${serviceName} API`;
  const config = customize(new DocumentBuilder().setTitle(title)).build();
  // Request shapes come from zod DTOs; nestjs-zod finishes their schemas once all are known.
  const document = () => cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, {
    ui: false,
    raw: ['json'],
  });
  const fastify = app.getHttpAdapter().getInstance();
  const html = page(title);
  fastify.get('/docs', (_request, reply) => {
    void reply.type('text/html; charset=utf-8').send(html);
  });
  for (const [file, contentType] of Object.entries(assets)) {
    fastify.get(`/docs/${file}`, (_request, reply) => {
      void reply
        .type(contentType)
        .header('Cache-Control', 'public, max-age=86400')
        .send(createReadStream(join(swaggerUiDir, file)));
    });
  }
}
