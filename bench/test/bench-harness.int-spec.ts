import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTopics, deleteTopics } from '@omni/messaging';
import {
  benchResultSchema,
  createTestDatabase,
  runToCompletion,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  type ServiceProcess,
  type TestDatabase,
} from '@omni/testing';
import { runBench, writeResults } from '../src/bench-runner';
import type { PlatformEndpoints } from '../src/platform/platform-endpoints';
import { pickScenarios } from '../src/scenarios/scenario-registry';

// A real ingest process on its own schema and topics; the harness runs scenarios (a) and (b)
// against it at tiny sizes, exactly as `npm run bench -- --scenarios a,b --tiny` would.
describe('benchmark harness', () => {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = [`bench-test.events-${suffix}.v1`, `bench-test.rejected-${suffix}.v1`];
  const adminToken = `bench-admin-${randomUUID()}`;
  let db: TestDatabase;
  let ingest: ServiceProcess;
  let endpoints: PlatformEndpoints;
  let resultsDir: string;

  beforeAll(async () => {
    resultsDir = mkdtempSync(path.join(tmpdir(), 'omni-bench-'));
    await createTopics(
      brokers,
      topics.map((name) => ({ name, partitions: 3 })),
    );
    db = await createTestDatabase({ service: 'ingest' });
    await runToCompletion('apps/ingest/src/migrate.ts', ['up'], db.env);
    ingest = await startServiceProcess(
      'apps/ingest/src/main.ts',
      {
        ...db.env,
        INGEST_ADMIN_TOKEN: adminToken,
        INGEST_EVENTS_TOPIC: topics[0],
        INGEST_REJECTED_TOPIC: topics[1],
        INGEST_RAW_CONSUMER_ENABLED: 'false',
      },
      { waitFor: '/health/ready', waitForMs: 90_000 },
    );
    const ingestUrl = ingest.url();
    // Nothing answers on port 9: the identity scenarios must say so instead of inventing figures.
    endpoints = {
      ingestUrl,
      identityUrl: 'http://127.0.0.1:9',
      promotionsUrl: 'http://127.0.0.1:9',
      reportingUrl: 'http://127.0.0.1:9',
      brokers,
      ingestAdminToken: adminToken,
      identityAdminToken: 'unused-in-this-test',
      promotionsAdminToken: 'unused-in-this-test',
      reportingAdminToken: 'unused-in-this-test',
    };
  });

  afterAll(async () => {
    await ingest?.stop();
    await db?.drop();
    await deleteTopics(brokers, topics);
    rmSync(resultsDir, { recursive: true, force: true });
  });

  it('runs the raw baseline and HTTP ingest three times each and writes a well-formed result file with medians and their ratio', async () => {
    const result = await runBench({
      scenarios: pickScenarios(['a', 'b']),
      runs: 3,
      tiny: true,
      seed: 4242,
      endpoints,
      processes: async () => [
        { name: 'ingest', pids: [ingest.child.pid!] },
        { name: 'load-generator', pids: [process.pid] },
      ],
      log: () => undefined,
    });
    const file = writeResults(result, resultsDir);

    expect(path.basename(file)).toMatch(
      /^omni-bench-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z\.json$/,
    );
    expect(existsSync(file.replace(/\.json$/, '.md'))).toBe(true);
    const written = benchResultSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const [raw, http] = written.scenarios;
    expect(raw).toMatchObject({ id: 'a', status: 'ok' });
    expect(http).toMatchObject({ id: 'b', status: 'ok' });
    expect(raw.cases[0].runs).toHaveLength(3);
    expect(http.cases[0].runs).toHaveLength(3);
    for (const runResult of http.cases[0].runs) {
      expect(runResult.metrics).toMatchObject({
        accepted: 400,
        rejected: 0,
        duplicates: 0,
        errors: 0,
      });
      expect(runResult.processes?.map((p) => p.name)).toEqual(['ingest', 'load-generator']);
      expect(runResult.processes?.[0].rssPeakMb).toBeGreaterThan(0);
    }
    expect(http.cases[0].medians.eventsPerSecond).toBeGreaterThan(0);
    expect(http.comparisons).toEqual([
      {
        metric: 'eventsPerSecond',
        baselineScenario: 'a',
        baselineCase: 'default',
        ratio: expect.any(Number),
      },
    ]);
    expect(http.comparisons[0].ratio).toBeCloseTo(
      http.cases[0].medians.eventsPerSecond / raw.cases[0].medians.eventsPerSecond,
      2,
    );
  });

  it('reports the identity scenarios as unavailable, with the reason, when identity-resolution does not answer', async () => {
    const result = await runBench({
      scenarios: pickScenarios(['c', 'd', 'f']),
      runs: 3,
      tiny: true,
      seed: 1,
      endpoints,
      processes: async () => [],
      log: () => undefined,
    });
    expect(result.scenarios.map((s) => [s.id, s.status, s.reason, s.cases.length])).toEqual([
      ['c', 'unavailable', 'identity-resolution is not ready at http://127.0.0.1:9', 0],
      ['d', 'unavailable', 'identity-resolution is not ready at http://127.0.0.1:9', 0],
      ['f', 'unavailable', 'identity-resolution is not ready at http://127.0.0.1:9', 0],
    ]);
  });
});
