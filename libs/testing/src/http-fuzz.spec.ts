import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { PAGE_LIMIT } from '@omni/platform';
import { benchResultSchema } from './bench/bench-result.schema';
import {
  fuzzCoverageGaps,
  fuzzEndpoint,
  fuzzProblems,
  fuzzSettingsFromEnv,
  pageQuery,
  runHttpFuzz,
  sendRequest,
  type FuzzEndpoint,
  type FuzzReport,
} from './http-fuzz';

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

/** A service on a real port whose behaviour each test chooses. */
async function serve(handler: Handler): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    server,
    baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  };
}

const answer = (response: ServerResponse, status: number, body = '{}') =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(body);

/** Ready, and 400 to anything but a valid POST /v1/things. */
const strict: Handler = (request, body, response) => {
  if (request.url === '/health/ready') {
    answer(response, 200);
    return;
  }
  const valid =
    request.method === 'POST' &&
    request.url === '/v1/things' &&
    request.headers.authorization === 'Bearer good' &&
    body.toString() === '{"name":"lamp"}';
  answer(response, valid ? 201 : 400);
};

const things = (): FuzzEndpoint =>
  fuzzEndpoint(
    {
      method: 'POST',
      path: '/v1/things',
      headers: { authorization: 'Bearer good' },
      body: fc.constant({ name: 'lamp' }),
    },
    { status: 201 },
  );

describe('runHttpFuzz', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  const run = async (
    handler: Handler,
    endpoints: FuzzEndpoint[],
    extra: Partial<Parameters<typeof runHttpFuzz>[0]> = {},
  ): Promise<FuzzReport> => {
    const served = await serve(handler);
    server = served.server;
    return runHttpFuzz({
      app: 'test',
      baseUrl: served.baseUrl,
      endpoints,
      runsPerEndpoint: 40,
      seed: 42,
      readinessEveryMs: 20,
      validEveryMs: 5,
      ...extra,
    });
  };

  it('counts every answer by endpoint and status, and finds nothing wrong with a service that holds', async () => {
    const report = await run(strict, [things()]);
    expect(fuzzProblems(report)).toEqual([]);
    const counts = report.endpoints['POST /v1/things'];
    expect(counts.requests).toBe(40);
    expect(Object.values(counts.byStatus).reduce((a, b) => a + b, 0)).toBe(40);
    expect(counts.byStatus['400']).toBeGreaterThan(0);
    expect(report.totals.requests).toBe(40);
    expect(report.valid.accepted).toBe(report.valid.sent);
    expect(report.valid.sent).toBeGreaterThan(0);
    expect(report.readiness.ready).toBe(report.readiness.polls);
  });

  it('reports a 5xx with the minimal request fast-check shrinks it to', async () => {
    const report = await run(
      (request, body, response) =>
        request.url === '/v1/things' && body.includes('__proto__')
          ? answer(response, 500)
          : strict(request, body, response),
      [things()],
      { runsPerEndpoint: 150 },
    );
    const counts = report.endpoints['POST /v1/things'];
    expect(counts.serverErrors).toBeGreaterThan(0);
    expect(counts.byStatus['500']).toBe(counts.serverErrors);
    expect(counts.shrunk).toMatchObject({ outcome: '500', request: { target: '/v1/things' } });
    const minimal = counts.shrunk && 'request' in counts.shrunk ? counts.shrunk.request : undefined;
    expect(minimal?.body).toContain('__proto__');
    expect(minimal?.bodyBytes).toBeLessThan(60);
    expect(fuzzProblems(report)).toEqual([expect.stringContaining('POST /v1/things: ')]);
  }, 60_000);

  it('counts a request left unanswered past the stall limit as a stall', async () => {
    const report = await run(
      (request, body, response) => {
        if (request.headers['content-type'] === 'application/json') strict(request, body, response);
      },
      [things()],
      { stallMs: 300, shrinkTimeLimitMs: 1_000 },
    );
    const counts = report.endpoints['POST /v1/things'];
    expect(counts.stalls).toBeGreaterThan(0);
    expect(counts.byStatus.stall).toBe(counts.stalls);
    expect(fuzzProblems(report).join('\n')).toContain('stalls');
  }, 60_000);

  it('reports valid requests that were not accepted and readiness that was lost', async () => {
    let served = 0;
    const report = await run(
      (request, body, response) => {
        served += 1;
        if (request.url === '/health/ready') answer(response, served > 20 ? 503 : 200);
        else if (served > 20) answer(response, 429);
        else strict(request, body, response);
      },
      [things()],
    );
    const problems = fuzzProblems(report);
    expect(problems).toContainEqual(
      expect.stringMatching(/^valid POST \/v1\/things was not accepted: 429/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^not ready .* 503/));
  });

  it('stops sending everywhere once one endpoint cannot generate its requests', async () => {
    let received = 0;
    const broken: FuzzEndpoint = {
      name: 'GET /broken',
      documented: true,
      requests: fc.constant(0).map(() => {
        throw new Error('broken generator');
      }),
    };
    await expect(
      run(
        (request, body, response) => {
          if (request.url !== '/health/ready') received += 1;
          strict(request, body, response);
        },
        [things(), broken],
        { runsPerEndpoint: 100_000, concurrency: 2 },
      ),
    ).rejects.toThrow('broken generator');
    const afterwards = received;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received).toBe(afterwards);
  });

  it('writes counts, stalls and the seed to a result file when given a directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fuzz-'));
    try {
      const report = await run(strict, [things()], { resultsDir: dir });
      expect(report.resultFile).toMatch(/fuzz-test-.*\.json$/);
      const written = benchResultSchema.parse(JSON.parse(readFileSync(report.resultFile!, 'utf8')));
      expect(written).toMatchObject({
        bench: 'fuzz-test',
        settings: { app: 'test', seed: 42, runsPerEndpoint: 40 },
      });
      const [all, thingsCase] = written.scenarios[0].cases;
      expect(all.runs[0].metrics).toMatchObject({ requests: 40, serverErrors: 0, stalls: 0 });
      expect(thingsCase.name).toBe('POST /v1/things');
      expect(thingsCase.runs[0].details?.byStatus).toEqual(
        report.endpoints['POST /v1/things'].byStatus,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sendRequest', () => {
  it('keeps the status, or calls it cut off, when the server answers and closes before the body is sent', async () => {
    const served = await serve(() => undefined);
    served.server.removeAllListeners('request');
    served.server.on('request', (_request, response: ServerResponse) => {
      response.writeHead(413, { connection: 'close' }).end('{}');
    });
    try {
      const outcome = await sendRequest(
        served.baseUrl,
        { method: 'POST', target: '/', headers: {}, body: Buffer.alloc(8_000_000) },
        { stallMs: 5_000 },
      );
      expect(['413', 'cut-off']).toContain(
        outcome.kind === 'answer' ? String(outcome.status) : outcome.kind,
      );
    } finally {
      served.server.closeAllConnections();
      await new Promise((resolve) => served.server.close(resolve));
    }
  });
});

describe('sendRequest to a port nobody listens on', () => {
  it('is a broken connection, not a cut-off', async () => {
    const served = await serve(() => undefined);
    const { baseUrl } = served;
    await new Promise((resolve) => served.server.close(resolve));
    const outcome = await sendRequest(
      baseUrl,
      { method: 'POST', target: '/', headers: {}, body: Buffer.alloc(10) },
      { stallMs: 5_000 },
    );
    expect(outcome.kind).toBe('connection-error');
  });
});

describe('fuzzCoverageGaps', () => {
  const document = {
    paths: {
      '/v1/things': { post: {}, get: {}, parameters: [] },
      '/v1/things/{id}': { get: {} },
    },
  };

  it('names every documented operation no endpoint fuzzes', () => {
    expect(fuzzCoverageGaps(document, [things()])).toEqual({
      unfuzzed: ['GET /v1/things', 'GET /v1/things/{id}'],
      unknown: [],
    });
  });

  it('names endpoints claimed as documented that the document lacks', () => {
    const misspelt = fuzzEndpoint({ method: 'GET', path: '/v1/thing/{id}' });
    const metrics = fuzzEndpoint({ method: 'GET', path: '/metrics' }, undefined, {
      documented: false,
    });
    expect(fuzzCoverageGaps(document, [things(), misspelt, metrics]).unknown).toEqual([
      'GET /v1/thing/{id}',
    ]);
  });
});

describe('fuzzSettingsFromEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('takes runs, seed and result directory from the environment', () => {
    Object.assign(process.env, {
      OMNI_FUZZ_RUNS: '5000',
      OMNI_FUZZ_SEED: '-17',
      OMNI_FUZZ_RESULTS_DIR: 'bench/results',
    });
    expect(fuzzSettingsFromEnv(100)).toEqual({
      runsPerEndpoint: 5000,
      seed: -17,
      resultsDir: 'bench/results',
    });
  });

  it('defaults to the given runs, a random seed and no result file', () => {
    delete process.env.OMNI_FUZZ_RUNS;
    delete process.env.OMNI_FUZZ_SEED;
    delete process.env.OMNI_FUZZ_RESULTS_DIR;
    const settings = fuzzSettingsFromEnv(100);
    expect(settings.runsPerEndpoint).toBe(100);
    expect(Number.isInteger(settings.seed)).toBe(true);
    expect(settings.resultsDir).toBeUndefined();
  });

  it('refuses a run count that is not a positive integer, naming the variable', () => {
    process.env.OMNI_FUZZ_RUNS = 'lots';
    expect(() => fuzzSettingsFromEnv(100)).toThrow('OMNI_FUZZ_RUNS: expected a positive integer');
  });
});

describe('fuzzEndpoint with valid path parameters', () => {
  it('sends its valid requests to the given entity, with the template method and headers', async () => {
    const endpoint = fuzzEndpoint(
      {
        method: 'POST',
        path: '/v1/things/{id}/disable',
        headers: { authorization: 'Bearer t' },
        params: { id: fc.constant('hostile-target') },
      },
      { status: 200, params: { id: 'kept apart/1' } },
    );
    expect(await endpoint.valid?.request()).toEqual({
      method: 'POST',
      target: '/v1/things/kept%20apart%2F1/disable',
      headers: { authorization: 'Bearer t' },
    });
  });
});

describe('pageQuery', () => {
  it('holds only the given filters and a limit within the platform page bound, each one optional', () => {
    const queries = fc.sample(pageQuery({ status: fc.constant('open') }), {
      numRuns: 500,
      seed: 7,
    });
    const limits = queries.flatMap((query) => ('limit' in query ? [Number(query['limit'])] : []));
    expect(limits.every((limit) => Number.isInteger(limit))).toBe(true);
    expect(Math.min(...limits)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...limits)).toBeLessThanOrEqual(PAGE_LIMIT.max);
    expect(new Set(queries.map((query) => Object.keys(query).sort().join()))).toEqual(
      new Set(['', 'status', 'limit', 'limit,status']),
    );
  });
});
