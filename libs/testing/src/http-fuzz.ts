import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { PAGE_LIMIT } from '@omni/platform';
import { scenarioCase, writeBenchResult, type BenchResultInput } from './bench/bench-result';
import {
  hostileRequests,
  unroutedRequests,
  validRequests,
  type EndpointTemplate,
  type FuzzRequest,
} from './http-fuzz-requests';

export type FuzzResponse = { status: number; body: Buffer };

/**
 * An answer; no answer within the stall limit; a connection closed while the request was still
 * being sent (a server may answer and stop reading a body it refuses, and the answer can be
 * lost with the connection); or a connection refused, or closed without an answer after the
 * whole request was sent.
 */
export type FuzzOutcome =
  | { kind: 'answer'; status: number; body: Buffer; ms: number }
  | { kind: 'stall'; ms: number }
  | { kind: 'cut-off'; error: string; ms: number }
  | { kind: 'connection-error'; error: string; ms: number };

export type ValidCheck = {
  /** The status a valid request must get. */
  status: number;
  /** Further conditions on the answer, e.g. that every event in it was accepted. */
  holds?: (response: FuzzResponse) => boolean;
  /** A fresh valid request, for endpoints whose valid requests use up state (an erasure). */
  request?: () => Promise<FuzzRequest>;
  /**
   * The path parameters of every valid request (e.g. an entity kept apart from the hostile
   * requests), with the template's method and headers and no body.
   */
  params?: Record<string, string>;
};

function validRequestTo(template: EndpointTemplate, params: Record<string, string>): FuzzRequest {
  const target = template.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name]),
  );
  return { method: template.method, target, headers: { ...template.headers } };
}

export type FuzzEndpoint = {
  /** `METHOD /path` as in the OpenAPI document, or a name for what no document lists. */
  name: string;
  requests: fc.Arbitrary<FuzzRequest>;
  /** Sent alongside the fuzzing, each must still be accepted. */
  valid?: { request: () => Promise<FuzzRequest>; check: ValidCheck };
  /** False for routes the OpenAPI document leaves out (/metrics, /docs-json). */
  documented: boolean;
};

/** An endpoint fuzzed by mutating valid requests, with valid ones sent alongside. */
export function fuzzEndpoint(
  template: EndpointTemplate,
  check?: ValidCheck,
  options: { documented?: boolean } = {},
): FuzzEndpoint {
  const valid = validRequests(template);
  return {
    name: `${template.method} ${template.path}`,
    requests: hostileRequests(template),
    documented: options.documented ?? true,
    ...(check && {
      valid: {
        request:
          check.request ??
          (async () =>
            check.params ? validRequestTo(template, check.params) : fc.sample(valid, 1)[0]),
        check,
      },
    }),
  };
}

/**
 * Valid query parameters of a list read in pages: `filters`, and a `limit` within the
 * platform's page bound; each may be left out.
 */
export function pageQuery(
  filters: Record<string, fc.Arbitrary<string>> = {},
): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    { ...filters, limit: fc.integer({ min: 1, max: PAGE_LIMIT.max }).map(String) },
    { requiredKeys: [] },
  );
}

/** Requests to paths no route serves. */
export function unroutedEndpoint(): FuzzEndpoint {
  return { name: 'unrouted paths', requests: unroutedRequests(), documented: false };
}

/**
 * What every Omni service serves besides its own API: health, metrics and the OpenAPI pages,
 * each answering `check` to its valid request, and paths no route takes.
 */
export function platformEndpoints(check: ValidCheck): FuzzEndpoint[] {
  const undocumented = { documented: false };
  return [
    fuzzEndpoint({ method: 'GET', path: '/health/live' }, check),
    fuzzEndpoint({ method: 'GET', path: '/health/ready' }, check),
    fuzzEndpoint({ method: 'GET', path: '/metrics' }, check, undocumented),
    fuzzEndpoint({ method: 'GET', path: '/docs-json' }, check, undocumented),
    fuzzEndpoint({ method: 'GET', path: '/docs' }, check, undocumented),
    unroutedEndpoint(),
  ];
}

export type OpenApiDocument = { paths?: Record<string, Record<string, unknown>> };

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD /path` for every operation of an OpenAPI document. */
export function openApiOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
    Object.keys(item)
      .filter((key) => OPERATION_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${route}`),
  );
}

/**
 * Operations of the document no endpoint fuzzes, and endpoints claimed as documented that the
 * document does not have (a misspelt path would otherwise fuzz a 404 in silence).
 */
export function fuzzCoverageGaps(
  document: OpenApiDocument,
  endpoints: readonly FuzzEndpoint[],
): { unfuzzed: string[]; unknown: string[] } {
  const operations = openApiOperations(document);
  const fuzzed = new Set(endpoints.map((endpoint) => endpoint.name));
  return {
    unfuzzed: operations.filter((operation) => !fuzzed.has(operation)),
    unknown: endpoints
      .filter((endpoint) => endpoint.documented && !operations.includes(endpoint.name))
      .map((endpoint) => endpoint.name),
  };
}

export type FuzzSettings = { runsPerEndpoint: number; seed: number; resultsDir?: string };

/**
 * OMNI_FUZZ_RUNS (requests per endpoint), OMNI_FUZZ_SEED (to replay a run) and
 * OMNI_FUZZ_RESULTS_DIR (where the result file goes; none is written without it).
 */
export function fuzzSettingsFromEnv(defaultRuns: number): FuzzSettings {
  const runs = Number(process.env.OMNI_FUZZ_RUNS ?? defaultRuns);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(
      `OMNI_FUZZ_RUNS: expected a positive integer, got ${process.env.OMNI_FUZZ_RUNS}`,
    );
  const seed = Number(process.env.OMNI_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  if (!Number.isInteger(seed))
    throw new Error(`OMNI_FUZZ_SEED: expected an integer, got ${process.env.OMNI_FUZZ_SEED}`);
  const resultsDir = process.env.OMNI_FUZZ_RESULTS_DIR || undefined;
  return { runsPerEndpoint: runs, seed, ...(resultsDir && { resultsDir }) };
}

export type RequestSummary = {
  method: string;
  target: string;
  headers: Record<string, string | string[]>;
  bodyBytes: number;
  body?: string;
};

export type FuzzFailure = {
  run: number;
  outcome: string;
  request: RequestSummary;
  answer?: string;
};

export type EndpointReport = {
  requests: number;
  /** How long the hostile requests took, and the shrinking after them. */
  sweepMs: number;
  shrinkMs: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  stalls: number;
  connectionErrors: number;
  failures: FuzzFailure[];
  /** The smallest failing request fast-check found by shrinking the first failure. */
  shrunk?: { request: RequestSummary; outcome: string; shrinks: number } | { notReproduced: true };
};

export type FuzzReport = {
  app: string;
  at: string;
  seed: number;
  runsPerEndpoint: number;
  stallMs: number;
  durationMs: number;
  endpoints: Record<string, EndpointReport>;
  totals: {
    requests: number;
    byStatus: Record<string, number>;
    serverErrors: number;
    stalls: number;
  };
  valid: {
    sent: number;
    accepted: number;
    byEndpoint: Record<string, { sent: number; accepted: number }>;
    failures: { endpoint: string; outcome: string; answer?: string }[];
  };
  readiness: {
    polls: number;
    ready: number;
    failures: { atMs: number; outcome: string; answer?: string }[];
  };
  resultFile?: string;
};

export type FuzzRunOptions = FuzzSettings & {
  app: string;
  baseUrl: string;
  endpoints: readonly FuzzEndpoint[];
  /** A request unanswered this long is a stall. */
  stallMs?: number;
  /** Endpoints fuzzed at the same time. */
  concurrency?: number;
  readinessPath?: string;
  readinessEveryMs?: number;
  /** Pause between valid requests, so they go alongside the fuzzing rather than instead of it. */
  validEveryMs?: number;
  /** How long shrinking one endpoint's failure may take. */
  shrinkTimeLimitMs?: number;
  /** Failures kept per endpoint in the report (all are counted). */
  keepFailures?: number;
};

const isFailure = (outcome: FuzzOutcome) =>
  outcome.kind === 'answer' ? outcome.status >= 500 : outcome.kind !== 'cut-off';

const outcomeLabel = (outcome: FuzzOutcome) =>
  outcome.kind === 'answer' ? String(outcome.status) : outcome.kind;

/** Bytes as text: printable ASCII kept, everything else escaped, cut at `limit`. */
function previewBytes(bytes: Buffer, limit = 300): string {
  let out = '';
  for (const byte of bytes.subarray(0, limit)) {
    out +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x5c
        ? String.fromCharCode(byte)
        : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return bytes.length > limit ? `${out}… (${bytes.length} bytes)` : out;
}

const cut = (value: string, limit: number) =>
  value.length > limit ? `${value.slice(0, limit)}… (${value.length} chars)` : value;

function summarizeRequest(request: FuzzRequest, limit = 300): RequestSummary {
  return {
    method: request.method,
    target: cut(request.target, limit),
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.map((v) => cut(v, limit)) : cut(value, limit),
      ]),
    ),
    bodyBytes: request.body?.length ?? 0,
    ...(request.body && { body: previewBytes(request.body, limit) }),
  };
}

/**
 * Sends one request on a connection of its own (a connection the server closes after a bad
 * request must not take the next request with it); no answer within `stallMs` is a stall.
 */
export function sendRequest(
  baseUrl: string,
  request: FuzzRequest,
  options: { stallMs: number },
): Promise<FuzzOutcome> {
  const url = new URL(baseUrl);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    // The status counts once the head has arrived: a server may answer (413) and close while
    // the body is still being sent, and HEAD answers leave no body to read to the end.
    let head: { status: number; chunks: Buffer[] } | undefined;
    const settle = (outcome: FuzzOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const answer = () =>
      head &&
      settle({
        kind: 'answer',
        status: head.status,
        body: Buffer.concat(head.chunks),
        ms: elapsed(),
      });
    let connected = false;
    let sent = false;
    const broken = (error: Error) => {
      if (head) answer();
      else
        settle({
          kind: connected && !sent ? 'cut-off' : 'connection-error',
          error: error.message,
          ms: elapsed(),
        });
    };
    const client = httpRequest({
      host: url.hostname,
      port: url.port,
      method: request.method,
      path: request.target,
      headers: request.headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      // Decided after pending I/O, so a busy test process cannot take an answer for a stall.
      setImmediate(() => {
        if (head) answer();
        else settle({ kind: 'stall', ms: elapsed() });
        client.destroy();
      });
    }, options.stallMs);
    client.on('response', (response) => {
      const current = { status: response.statusCode ?? 0, chunks: [] as Buffer[] };
      head = current;
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept < 4_096) current.chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('end', answer);
      response.on('error', broken);
    });
    client.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    client.on('finish', () => (sent = true));
    client.on('error', broken);
    client.end(request.body);
  });
}

function emptyEndpointReport(): EndpointReport {
  return {
    requests: 0,
    sweepMs: 0,
    shrinkMs: 0,
    byStatus: {},
    serverErrors: 0,
    stalls: 0,
    connectionErrors: 0,
    failures: [],
  };
}

function tally(report: EndpointReport, outcome: FuzzOutcome): void {
  report.requests += 1;
  const label = outcomeLabel(outcome);
  report.byStatus[label] = (report.byStatus[label] ?? 0) + 1;
  if (outcome.kind === 'stall') report.stalls += 1;
  else if (outcome.kind === 'connection-error') report.connectionErrors += 1;
  else if (outcome.kind === 'answer' && outcome.status >= 500) report.serverErrors += 1;
}

const answerOf = (outcome: FuzzOutcome): string | undefined =>
  outcome.kind === 'answer'
    ? previewBytes(outcome.body, 300)
    : outcome.kind === 'stall'
      ? undefined
      : outcome.error;

/** Runs `work` over `items`, `concurrency` at a time; after a failure, starts nothing new. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  const workers = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        try {
          await work(item);
        } catch (error) {
          queue.length = 0;
          throw error;
        }
      }
    }),
  );
  const failed = workers.find((worker) => worker.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Each endpoint's seed, derived from the run's, so endpoints alike in shape get different requests. */
function endpointSeed(seed: number, name: string): number {
  let hash = seed | 0;
  for (let i = 0; i < name.length; i += 1) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fuzzes every endpoint with `runsPerEndpoint` hostile requests over real loopback HTTP
 * (fast-check, one seed for the run), while valid requests go alongside and readiness is
 * polled. The first failure of each endpoint is replayed and shrunk to a minimal request.
 * Writes `fuzz-<app>-<time>.json` to `resultsDir` when one is given.
 */
export async function runHttpFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const stallMs = options.stallMs ?? 10_000;
  const send = (request: FuzzRequest) => sendRequest(options.baseUrl, request, { stallMs });
  const keep = options.keepFailures ?? 20;
  const started = Date.now();
  const report: FuzzReport = {
    app: options.app,
    at: new Date(started).toISOString(),
    seed: options.seed,
    runsPerEndpoint: options.runsPerEndpoint,
    stallMs,
    durationMs: 0,
    endpoints: Object.fromEntries(options.endpoints.map((e) => [e.name, emptyEndpointReport()])),
    totals: { requests: 0, byStatus: {}, serverErrors: 0, stalls: 0 },
    valid: { sent: 0, accepted: 0, byEndpoint: {}, failures: [] },
    readiness: { polls: 0, ready: 0, failures: [] },
  };

  let fuzzing = true;
  let aborted = false;
  const pollReadiness = async () => {
    const outcome = await send({
      method: 'GET',
      target: options.readinessPath ?? '/health/ready',
      headers: {},
    });
    report.readiness.polls += 1;
    if (outcome.kind === 'answer' && outcome.status === 200) report.readiness.ready += 1;
    else
      report.readiness.failures.push({
        atMs: Date.now() - started,
        outcome: outcomeLabel(outcome),
        answer: answerOf(outcome),
      });
  };
  const readinessLoop = (async () => {
    while (fuzzing) {
      await pollReadiness();
      await sleep(options.readinessEveryMs ?? 1_000);
    }
  })();

  const withValid = options.endpoints.flatMap((endpoint) =>
    endpoint.valid ? [{ name: endpoint.name, ...endpoint.valid }] : [],
  );
  const sendValid = async ({ name, request, check }: (typeof withValid)[number]) => {
    const counts = (report.valid.byEndpoint[name] ??= { sent: 0, accepted: 0 });
    counts.sent += 1;
    report.valid.sent += 1;
    let outcome: FuzzOutcome | undefined;
    let failure: { outcome: string; answer?: string } | undefined;
    try {
      outcome = await send(await request());
      const accepted =
        outcome.kind === 'answer' &&
        outcome.status === check.status &&
        (check.holds?.({ status: outcome.status, body: outcome.body }) ?? true);
      if (!accepted) failure = { outcome: outcomeLabel(outcome), answer: answerOf(outcome) };
    } catch (error) {
      // An answer the check cannot read (not JSON, say) is not an accepted one either.
      failure = {
        outcome: outcome ? outcomeLabel(outcome) : 'no request',
        answer: `${error instanceof Error ? error.message : String(error)}${outcome ? `: ${answerOf(outcome)}` : ''}`,
      };
    }
    if (!failure) {
      counts.accepted += 1;
      report.valid.accepted += 1;
    } else if (report.valid.failures.length < keep * 5) {
      report.valid.failures.push({ endpoint: name, ...failure });
    }
  };
  const validLoop = (async () => {
    for (let turn = 0; fuzzing && withValid.length > 0; turn += 1) {
      await sendValid(withValid[turn % withValid.length]);
      await sleep(options.validEveryMs ?? 25);
    }
  })();

  try {
    await pool(options.endpoints, options.concurrency ?? 4, (endpoint) =>
      fuzzOne(endpoint).catch((error: unknown) => {
        aborted = true;
        throw error;
      }),
    );
  } finally {
    fuzzing = false;
    await Promise.all([readinessLoop, validLoop]);
  }
  // Every endpoint's valid request once more, and readiness, after the last hostile request.
  for (const endpoint of withValid) await sendValid(endpoint);
  await pollReadiness();

  for (const endpointReport of Object.values(report.endpoints)) {
    report.totals.requests += endpointReport.requests;
    report.totals.serverErrors += endpointReport.serverErrors;
    report.totals.stalls += endpointReport.stalls;
    for (const [label, count] of Object.entries(endpointReport.byStatus))
      report.totals.byStatus[label] = (report.totals.byStatus[label] ?? 0) + count;
  }
  report.durationMs = Date.now() - started;
  if (options.resultsDir)
    report.resultFile = writeBenchResult(`fuzz-${options.app}`, fuzzBenchResult(report), {
      dir: options.resultsDir,
    });
  return report;

  async function fuzzOne(endpoint: FuzzEndpoint): Promise<void> {
    const endpointReport = report.endpoints[endpoint.name];
    let run = 0;
    const sweepStarted = Date.now();
    await fc.check(
      fc.asyncProperty(endpoint.requests, async (request) => {
        const index = run++;
        // Another endpoint's sweep broke (a generator bug): end this one too, sending nothing.
        if (aborted) throw new Error('aborted: another endpoint failed');
        const outcome = await send(request);
        tally(endpointReport, outcome);
        if (isFailure(outcome) && endpointReport.failures.length < keep)
          endpointReport.failures.push({
            run: index,
            outcome: outcomeLabel(outcome),
            request: summarizeRequest(request),
            answer: answerOf(outcome),
          });
        return true;
      }),
      {
        seed: endpointSeed(options.seed, endpoint.name),
        numRuns: options.runsPerEndpoint,
        endOnFailure: true,
      },
    );
    endpointReport.sweepMs = Date.now() - sweepStarted;
    const first = endpointReport.failures[0];
    if (first && !aborted) {
      endpointReport.shrunk = await shrink(endpoint, first.run);
      endpointReport.shrinkMs = Date.now() - sweepStarted - endpointReport.sweepMs;
    }
  }

  async function shrink(endpoint: FuzzEndpoint, run: number): Promise<EndpointReport['shrunk']> {
    let last: FuzzOutcome | undefined;
    const details = await fc.check(
      fc.asyncProperty(endpoint.requests, async (request) => {
        const outcome = await send(request);
        if (isFailure(outcome)) last = outcome;
        return !isFailure(outcome);
      }),
      {
        seed: endpointSeed(options.seed, endpoint.name),
        path: String(run),
        interruptAfterTimeLimit: options.shrinkTimeLimitMs ?? 30_000,
      },
    );
    if (!details.failed || !details.counterexample) return { notReproduced: true };
    return {
      request: summarizeRequest(details.counterexample[0], 2_000),
      outcome: last ? outcomeLabel(last) : 'unknown',
      shrinks: details.numShrinks,
    };
  }
}

/** Every way the run fell short, one line each; empty when the service held. */
/** The report in the shared bench result shape: one case per endpoint and one for them all. */
function fuzzBenchResult(report: FuzzReport): BenchResultInput {
  const endpointCases = Object.entries(report.endpoints).map(([name, endpoint]) =>
    scenarioCase(name, [
      {
        metrics: {
          requests: endpoint.requests,
          serverErrors: endpoint.serverErrors,
          stalls: endpoint.stalls,
          connectionErrors: endpoint.connectionErrors,
          sweepMs: endpoint.sweepMs,
          shrinkMs: endpoint.shrinkMs,
          validSent: report.valid.byEndpoint[name]?.sent,
          validAccepted: report.valid.byEndpoint[name]?.accepted,
        },
        details: {
          byStatus: endpoint.byStatus,
          failures: endpoint.failures,
          ...(endpoint.shrunk && { shrunk: endpoint.shrunk }),
        },
      },
    ]),
  );
  const all = scenarioCase('all endpoints', [
    {
      metrics: {
        requests: report.totals.requests,
        serverErrors: report.totals.serverErrors,
        stalls: report.totals.stalls,
        durationMs: report.durationMs,
        validSent: report.valid.sent,
        validAccepted: report.valid.accepted,
        readinessPolls: report.readiness.polls,
        readinessReady: report.readiness.ready,
      },
      details: {
        byStatus: report.totals.byStatus,
        validFailures: report.valid.failures,
        readinessFailures: report.readiness.failures,
      },
    },
  ]);
  return {
    startedAt: report.at,
    settings: {
      app: report.app,
      seed: report.seed,
      runsPerEndpoint: report.runsPerEndpoint,
      stallMs: report.stallMs,
    },
    scenarios: [
      {
        id: 'http-fuzz',
        title: `${report.app} HTTP fuzz`,
        status: 'ok',
        headline: ['requests', 'serverErrors', 'stalls'],
        cases: [all, ...endpointCases],
        comparisons: [],
        notes: fuzzProblems(report),
      },
    ],
  };
}

export function fuzzProblems(report: FuzzReport): string[] {
  const problems: string[] = [];
  for (const [name, endpoint] of Object.entries(report.endpoints)) {
    const bad = endpoint.serverErrors + endpoint.stalls + endpoint.connectionErrors;
    if (bad === 0) continue;
    const minimal = endpoint.shrunk && 'request' in endpoint.shrunk ? endpoint.shrunk : undefined;
    problems.push(
      `${name}: ${endpoint.serverErrors} answers of 5xx, ${endpoint.stalls} stalls, ` +
        `${endpoint.connectionErrors} broken connections in ${endpoint.requests} requests; ` +
        (minimal
          ? `minimal failing request (${minimal.outcome}): ${JSON.stringify(minimal.request)}`
          : `first failure (${endpoint.failures[0]?.outcome}): ${JSON.stringify(endpoint.failures[0]?.request)}`),
    );
  }
  const refused = report.valid.sent - report.valid.accepted;
  if (refused > 0)
    problems.push(`${refused} of ${report.valid.sent} valid requests were not accepted`);
  for (const failure of report.valid.failures.slice(0, 10))
    problems.push(
      `valid ${failure.endpoint} was not accepted: ${failure.outcome} ${failure.answer ?? ''}`,
    );
  for (const failure of report.readiness.failures.slice(0, 10))
    problems.push(
      `not ready ${failure.atMs} ms into the run: ${failure.outcome} ${failure.answer ?? ''}`,
    );
  return problems;
}
