import {
  fuzzCoverageGaps,
  fuzzProblems,
  runHttpFuzz,
  type FuzzEndpoint,
  type FuzzSettings,
  type OpenApiDocument,
} from './http-fuzz';
import type { ServiceProcess } from './service-process';

export type FuzzedService = {
  app: string;
  settings: FuzzSettings;
  /** The running process, once `beforeAll` has started it. */
  proc: () => ServiceProcess;
  /** A fuzz builder per operation; called once per test, so valid targets can be fresh. */
  endpoints: () => Promise<FuzzEndpoint[]>;
};

/**
 * The two tests every service's fuzz spec makes: every operation in its OpenAPI document has a
 * fuzz builder, and hostile requests to each get no 5xx and no stall while the service stays up
 * and ready and the valid requests sent alongside succeed.
 */
export function itFuzzesEveryEndpoint(service: FuzzedService): void {
  const baseUrl = () => `http://127.0.0.1:${service.proc().port}`;

  it('has a fuzz builder for every operation in its OpenAPI document', async () => {
    const document = (await (await fetch(`${baseUrl()}/docs-json`)).json()) as OpenApiDocument;
    expect(fuzzCoverageGaps(document, await service.endpoints())).toEqual({
      unfuzzed: [],
      unknown: [],
    });
  });

  const { runsPerEndpoint } = service.settings;
  it(
    `answers ${runsPerEndpoint} hostile requests per endpoint without a 5xx or a stall, stays ready and accepts the valid requests sent alongside`,
    async () => {
      const report = await runHttpFuzz({
        ...service.settings,
        app: service.app,
        baseUrl: baseUrl(),
        endpoints: await service.endpoints(),
      });
      // A service that exited says why in its last lines of output.
      const proc = service.proc();
      const exited = proc.child.exitCode !== null || proc.child.signalCode !== null;
      expect(exited ? proc.output().slice(-4_000) : 'running').toBe('running');
      // A 5xx says why in the service's own error log, so a failure quotes its last lines.
      const problems = fuzzProblems(report);
      expect(
        problems.length === 0
          ? []
          : [...problems, `service output: ${proc.output().slice(-4_000)}`],
      ).toEqual([]);
      expect(Object.values(report.endpoints).map((e) => e.requests)).toEqual(
        Object.values(report.endpoints).map(() => runsPerEndpoint),
      );
    },
    60 * 60_000,
  );
}
