import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createLogger, REDACTED } from './create-logger';
import { logCapture } from './log-capture';

function captureLogger(env: Record<string, string> = {}) {
  const { lines, destination } = logCapture();
  return { lines, logger: createLogger('crm', { destination, env }) };
}

describe('createLogger', () => {
  // A bare SDK (no instrumentation, no export) gives the API a context manager and real ids.
  const sdk = new NodeSDK({
    spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())],
    instrumentations: [],
    autoDetectResources: false,
    metricReaders: [],
    logRecordProcessors: [],
  });
  beforeAll(() => sdk.start());
  afterAll(() => sdk.shutdown());

  it('writes JSON lines with the service name and level label', () => {
    const { lines, logger } = captureLogger();
    logger.info({ orderId: 'o-1' }, 'order accepted');
    expect(lines[0]).toMatchObject({
      service: 'crm',
      level: 'info',
      msg: 'order accepted',
      orderId: 'o-1',
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
  });

  it('a line logged inside a span carries its trace_id and span_id', () => {
    const { lines, logger } = captureLogger();
    const ids = trace.getTracer('spec').startActiveSpan('work', (span) => {
      logger.info('inside the span');
      span.end();
      return span.spanContext();
    });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[0]).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
  });

  it('never logs raw phones, emails, identifier values or credentials', () => {
    const { lines, logger } = captureLogger();
    logger.info(
      {
        phone: '+8613800138000',
        customer: { email: 'li.wei@example.com', tier: 'gold' },
        identifiers: { phone: '+8613800138000', wechatUnionId: 'o6_bmasdasdsad6' },
        event: { identifiers: { email: 'li.wei@example.com' } },
        events: [{ identifiers: { memberId: 'M-1' } }],
        req: { headers: { authorization: 'Bearer s3cret', cookie: 'sid=abc', 'x-api-key': 'k' } },
      },
      'profile linked',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of [
      '+8613800138000',
      'li.wei@example.com',
      'o6_bmasdasdsad6',
      'M-1',
      's3cret',
      'sid=abc',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      phone: REDACTED,
      customer: { email: REDACTED, tier: 'gold' },
      identifiers: { phone: REDACTED, wechatUnionId: REDACTED },
      req: { headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED } },
    });
  });

  it('logs an error as its type, message, stack and code, never the input it carries', () => {
    const { lines, logger } = captureLogger();
    const failed = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      query: 'INSERT INTO identifiers (value) VALUES ($1)',
      parameters: ['+8613800138000'],
    });
    logger.error({ err: failed }, 'insert failed');
    expect(lines[0].err).toEqual({
      type: 'Error',
      message: 'duplicate key value violates unique constraint',
      stack: expect.stringContaining('duplicate key value'),
      code: '23505',
    });
    expect(JSON.stringify(lines[0])).not.toContain('+8613800138000');
  });

  it('binds a raw request as its id and method only, and logs a plain req field as it is', () => {
    const { lines, logger } = captureLogger();
    const request = new IncomingMessage(new Socket());
    request.method = 'POST';
    request.headers = { authorization: 'Bearer secret', 'user-agent': 'x' };
    Object.assign(request, { id: 'req-1' });
    logger.child({ req: request }).info('inside');
    logger.info({ req: { method: 'GET', route: '/v1/x' } }, 'request');
    expect(lines[0].req).toEqual({ id: 'req-1', method: 'POST' });
    expect(JSON.stringify(lines[0])).not.toContain('secret');
    expect(lines[1].req).toEqual({ method: 'GET', route: '/v1/x' });
  });

  it('takes its level from LOG_LEVEL and rejects an unknown one by name', () => {
    const { lines, logger } = captureLogger({ LOG_LEVEL: 'warn' });
    logger.info('dropped');
    logger.warn('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
    expect(() => createLogger('crm', { env: { LOG_LEVEL: 'loud' } })).toThrow(
      /LOG_LEVEL: expected one of/,
    );
  });
});
