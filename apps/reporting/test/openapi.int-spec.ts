import { useHarness } from '@omni/testing';
import { startReporting } from './support/reporting-harness';

type Operation = { security?: unknown[]; responses: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>> };

const ENDPOINTS = [
  ['/v1/kpis', 'get', '/v1/kpis?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z'],
  ['/v1/attribution/query', 'post', '/v1/attribution/query'],
  ['/v1/funnels/query', 'post', '/v1/funnels/query'],
  ['/v1/retention/query', 'post', '/v1/retention/query'],
  ['/v1/experiments/{experimentId}', 'get', '/v1/experiments/e1'],
  ['/v1/alerts/rules', 'post', '/v1/alerts/rules'],
  ['/v1/alerts/rules', 'get', '/v1/alerts/rules'],
  ['/v1/alerts/rules/{ruleId}', 'delete', '/v1/alerts/rules/r1'],
  ['/v1/alerts', 'get', '/v1/alerts'],
  ['/v1/alerts/{alertId}/acknowledge', 'post', '/v1/alerts/a1/acknowledge'],
  ['/v1/channel-decisions/run', 'post', '/v1/channel-decisions/run'],
  ['/v1/channel-decisions', 'get', '/v1/channel-decisions'],
  ['/v1/channels/{channel}/inputs', 'put', '/v1/channels/web/inputs'],
  ['/v1/customers/{customerId}/export', 'get', '/v1/customers/c1/export'],
  ['/v1/dashboard/kpis', 'get', '/v1/dashboard/kpis'],
  ['/v1/dashboard/funnel', 'get', '/v1/dashboard/funnel'],
  ['/v1/dashboard/attribution', 'get', '/v1/dashboard/attribution'],
  ['/v1/dashboard/retention', 'get', '/v1/dashboard/retention'],
  ['/v1/dashboard/experiments', 'get', '/v1/dashboard/experiments'],
  ['/v1/dashboard/alerts', 'get', '/v1/dashboard/alerts'],
  ['/v1/dashboard/channel-decisions', 'get', '/v1/dashboard/channel-decisions'],
  ['/v1/exports/kpis.csv', 'get', '/v1/exports/kpis.csv'],
  ['/v1/exports/funnel.csv', 'get', '/v1/exports/funnel.csv'],
  ['/v1/exports/attribution.csv', 'get', '/v1/exports/attribution.csv'],
  ['/v1/exports/retention.csv', 'get', '/v1/exports/retention.csv'],
  ['/v1/exports/experiments.csv', 'get', '/v1/exports/experiments.csv'],
  ['/v1/exports/alerts.csv', 'get', '/v1/exports/alerts.csv'],
  ['/v1/exports/channel-decisions.csv', 'get', '/v1/exports/channel-decisions.csv'],
] as const;

describe('the HTTP API of reporting', () => {
  let document: Document;

  const reporting = useHarness(startReporting);

  beforeAll(async () => {
    document = (await reporting.app.inject({ method: 'GET', url: '/docs-json' })).json<Document>();
  });

  it('lists every endpoint in OpenAPI, each behind the admin token with its error responses', () => {
    for (const [path, method] of ENDPOINTS) {
      const operation = document.paths[path]?.[method];
      expect([path, method, operation === undefined]).toEqual([path, method, false]);
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401']));
    }
  });

  it.each(ENDPOINTS)(
    '%s %s answers 401 invalid_admin_token without the token',
    async (_, method, url) => {
      const response = await reporting.app.inject({
        method: method.toUpperCase() as 'GET',
        url,
        ...(method === 'get' || method === 'delete' ? {} : { payload: {} }),
      });
      expect(response.statusCode).toBe(401);
      expect(response.json<{ code: string }>().code).toBe('invalid_admin_token');
    },
  );
});
