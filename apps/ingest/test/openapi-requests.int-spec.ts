import { openApiOf, requestBodyOf, type ServiceOpenApi } from '@omni/testing';
import { useIngestApp } from './support/ingest-test-kit';

describe('the OpenAPI document of ingest', () => {
  const ingest = useIngestApp();
  let document: ServiceOpenApi;

  beforeAll(async () => {
    document = await openApiOf(ingest.app);
  });

  const bodyOf = (path: string, method: string) => requestBodyOf(document, path, method);

  it('describes the connector registration body from its zod schema, required fields and limits', () => {
    const body = bodyOf('/v1/admin/connectors', 'post');
    expect(body).toMatchObject({
      type: 'object',
      required: ['id', 'name', 'channels'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', pattern: expect.any(String), example: 'tmall-flagship' },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        channels: {
          type: 'array',
          minItems: 1,
          items: { enum: expect.arrayContaining(['tmall']) },
        },
        rateLimitPerSecond: { type: 'integer', minimum: 1 },
        burst: { type: 'integer', minimum: 1 },
      },
    });
  });

  it("describes the rejections filter's query parameters from its zod schema", () => {
    const parameters = document.paths['/v1/rejections'].get.parameters;
    expect(parameters).toEqual([
      expect.objectContaining({ name: 'connectorId', in: 'query', required: false }),
      expect.objectContaining({ name: 'from', in: 'query', required: false }),
      expect.objectContaining({ name: 'to', in: 'query', required: false }),
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ minimum: 1, maximum: 1_000, default: 100 }),
      }),
    ]);
  });

  it('keeps the events batch documented without a zod schema, since it is judged event by event', () => {
    expect(bodyOf('/v1/events', 'post').properties).toEqual({
      events: expect.objectContaining({ type: 'array' }),
    });
  });
});
