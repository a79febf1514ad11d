import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '../../..');
const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type RecordedSpan = {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  scope: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
};

const SERVER = 1;
const CLIENT = 2;

describe('startTracing in a real service process', () => {
  let result: {
    status: number;
    body: { id: string; traceId: string };
    spans: RecordedSpan[];
    tracingStopped: boolean;
  };
  let logLines: Record<string, unknown>[];

  beforeAll(async () => {
    // A child process, like production: tracing must start before Nest, Fastify and pg load,
    // which Jest's own module registry would not reproduce.
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        './tools/ts-register.cjs',
        'libs/observability/test/fixtures/traced-service.ts',
        adminUrl,
      ],
      { cwd: root, env: { ...process.env, LOG_LEVEL: 'info', OTEL_TRACES_ENABLED: 'true' } },
    );
    result = JSON.parse(stdout);
    logLines = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  });

  const spanBy = (predicate: (span: RecordedSpan) => boolean) => {
    const span = result.spans.find(predicate);
    if (!span) throw new Error(`no such span among ${result.spans.map((s) => s.name).join(', ')}`);
    return span;
  };

  it('an HTTP request produces a server span whose trace id the handler sees', () => {
    expect(result.status).toBe(200);
    const server = spanBy((s) => s.kind === SERVER && s.scope.endsWith('instrumentation-http'));
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.traceId).toBe(result.body.traceId);
    expect(server.resource).toMatchObject({
      'service.name': 'tracing-fixture',
      'service.version': '1.2.3',
    });
  });

  it('the server span keeps the names of query parameters, never their values', () => {
    const server = spanBy((s) => s.kind === SERVER && s.scope.endsWith('instrumentation-http'));
    expect(server.attributes['url.query']).toBe('phone=REDACTED&page=REDACTED');
    expect(JSON.stringify(server)).not.toContain('13911112222');
  });

  it('the W3C traceparent sent by the client continues the same trace on the server', () => {
    const client = spanBy((s) => s.kind === CLIENT && s.scope.endsWith('instrumentation-undici'));
    const server = spanBy((s) => s.kind === SERVER && s.scope.endsWith('instrumentation-http'));
    expect(server.traceId).toBe(client.traceId);
    expect(server.parentSpanId).toBe(client.spanId);
  });

  it('the Nest handler and its Postgres query are spans of that trace, with the route', () => {
    const traceId = result.body.traceId;
    const handler = spanBy((s) => s.name === 'OrdersController.findOne');
    expect(handler).toMatchObject({ traceId, attributes: { 'http.route': '/orders/:id' } });
    const query = spanBy(
      (s) => s.scope.endsWith('instrumentation-pg') && s.name.startsWith('pg.query'),
    );
    expect(query.traceId).toBe(traceId);
    expect(query.attributes['db.query.text']).toBe('SELECT $1::text AS id');
  });

  it("the request's log line carries the trace id", () => {
    const requestLine = logLines.find((line) => line.msg === 'request completed');
    expect(requestLine).toMatchObject({
      service: 'tracing-fixture',
      trace_id: result.body.traceId,
    });
  });

  it('closing the app flushes the buffered spans and stops tracing', () => {
    expect(result.tracingStopped).toBe(true);
  });
});
