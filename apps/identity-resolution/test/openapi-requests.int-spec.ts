import { openApiOf, requestBodyOf, type ServiceOpenApi } from '@omni/testing';
import { useIdentityHarness } from './support/identity-harness';

describe('the OpenAPI document of identity-resolution', () => {
  const h = useIdentityHarness();
  let document: ServiceOpenApi;

  beforeAll(async () => {
    document = await openApiOf(h.app);
  });

  const bodyOf = (path: string) => requestBodyOf(document, path);

  it('describes the merge body from its zod schema, with its required fields', () => {
    expect(bodyOf('/v1/profiles/merge')).toMatchObject({
      type: 'object',
      required: ['customerIds', 'actor', 'reason'],
      additionalProperties: false,
      properties: {
        customerIds: { type: 'array', minItems: 2, maxItems: 2 },
        actor: { type: 'string', minLength: 1, maxLength: 200 },
        reason: { type: 'string', minLength: 1, maxLength: 2000 },
        dryRun: { type: 'boolean', default: false },
      },
    });
  });

  it('describes the split body and its path parameter from their zod schemas', () => {
    expect(bodyOf('/v1/profiles/{customerId}/split')).toMatchObject({
      required: ['identifiers', 'actor', 'reason'],
      properties: { identifiers: { type: 'array', minItems: 1, maxItems: 1000 } },
    });
    expect(document.paths['/v1/profiles/{customerId}/split'].post.parameters).toEqual([
      expect.objectContaining({ name: 'customerId', in: 'path', required: true }),
    ]);
  });

  it('describes the erasure body with only customerId required', () => {
    expect(bodyOf('/v1/erasures').required).toEqual(['customerId']);
  });

  it('describes the look-up and conflict queries from their zod schemas', () => {
    expect(document.paths['/v1/profiles/lookup'].get.parameters).toEqual([
      expect.objectContaining({ name: 'type', in: 'query', required: true }),
      expect.objectContaining({ name: 'value', in: 'query', required: true }),
    ]);
    expect(document.paths['/v1/conflicts'].get.parameters.map((p) => [p.name, p.required])).toEqual(
      [
        ['status', false],
        ['limit', false],
        ['afterId', false],
      ],
    );
  });
});
