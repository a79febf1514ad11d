import { useHarness } from '@omni/testing';
import { startCrm } from './support/crm-harness';

type Schema = {
  type?: string;
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: boolean;
};
type Operation = {
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { 'application/json': { schema: { $ref: string } } } };
  responses: Record<string, unknown>;
  security?: unknown[];
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

describe('the OpenAPI document of crm: customers, points and tiers', () => {
  let document: Document;

  const crm = useHarness(startCrm);

  beforeAll(async () => {
    document = (await crm.app.inject({ method: 'GET', url: '/docs-json' })).json<Document>();
  });

  const bodyOf = (path: string): Schema => {
    const ref = document.paths[path].post.requestBody?.content['application/json'].schema.$ref;
    return document.components.schemas[String(ref).replace('#/components/schemas/', '')];
  };

  it('lists every endpoint, each behind the admin token', () => {
    const endpoints = [
      ['/v1/customers/{customerId}', 'get'],
      ['/v1/customers/{customerId}/export', 'get'],
      ['/v1/customers/{customerId}/points', 'get'],
      ['/v1/customers/{customerId}/points/redemptions', 'post'],
      ['/v1/customers/{customerId}/points/adjustments', 'post'],
      ['/v1/points/expiry-runs', 'post'],
      ['/v1/tiers/assessments', 'post'],
    ] as const;
    for (const [path, method] of endpoints) {
      const operation = document.paths[path]?.[method];
      expect(operation).toBeDefined();
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses)).toContain('401');
    }
  });

  it('describes the redemption body, its Idempotency-Key header and its refusals', () => {
    expect(bodyOf('/v1/customers/{customerId}/points/redemptions')).toMatchObject({
      type: 'object',
      required: ['points'],
      additionalProperties: false,
      properties: {
        points: { type: 'integer', minimum: 1 },
        reference: { type: 'string', maxLength: 200 },
      },
    });
    const operation = document.paths['/v1/customers/{customerId}/points/redemptions'].post;
    expect(operation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
        expect.objectContaining({ name: 'customerId', in: 'path', required: true }),
      ]),
    );
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '404', '409']),
    );
  });

  it('describes the adjustment body and the ledger paging query', () => {
    expect(bodyOf('/v1/customers/{customerId}/points/adjustments')).toMatchObject({
      required: ['points', 'reason'],
      properties: { reason: { type: 'string', maxLength: 500 } },
    });
    expect(document.paths['/v1/customers/{customerId}/points'].get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'limit', in: 'query' }),
        expect.objectContaining({ name: 'before', in: 'query' }),
      ]),
    );
  });
});
