import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export type OpenApiSchema = {
  type?: string;
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: boolean;
};

export type OpenApiParameter = {
  name: string;
  in: string;
  required: boolean;
  schema?: Record<string, unknown>;
};

export type OpenApiOperation = {
  parameters: OpenApiParameter[];
  requestBody?: { content: { 'application/json': { schema: { $ref: string } } } };
};

/** The parts of a service's OpenAPI document its specs read. */
export type ServiceOpenApi = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
};

/** The OpenAPI document an app serves at /docs-json. */
export async function openApiOf(app: NestFastifyApplication): Promise<ServiceOpenApi> {
  return (await app.inject({ method: 'GET', url: '/docs-json' })).json<ServiceOpenApi>();
}

/** The request-body schema of `method path`, with its `$ref` resolved. */
export function requestBodyOf(
  document: ServiceOpenApi,
  path: string,
  method = 'post',
): OpenApiSchema {
  const ref = document.paths[path][method].requestBody?.content['application/json'].schema.$ref;
  return document.components.schemas[String(ref).replace('#/components/schemas/', '')];
}
