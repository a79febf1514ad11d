import {
  fuzzCoverageGaps,
  fuzzProblems,
  fuzzSettingsFromEnv,
  platformEndpoints,
  runHttpFuzz,
  type FuzzEndpoint,
  type FuzzSettings,
  type OpenApiDocument,
} from './http-fuzz';
import type { ServiceProcess } from './service-process';

/** Hostile requests per endpoint in a spec run; the apps' `fuzz` targets set OMNI_FUZZ_RUNS=5000. */
const SPEC_RUNS_PER_ENDPOINT = 150;

export type FuzzedService = {
  app: string;
  /** Default: from the environment (see fuzzSettingsFromEnv), 150 requests per endpoint. */
  settings?: FuzzSettings;
  /** The running process, once `beforeAll` has started it. */
  proc: () => ServiceProcess;
  /**
   * A fuzz builder per operation of the service's own API; called once per test, so valid
   * targets can be fresh. The platform's endpoints, which every service serves, are added.
   */
  endpoints: () => Promise<FuzzEndpoint[]>;
};

/**
 * The two tests every service's fuzz spec makes: every operation in its OpenAPI document has a
 * fuzz builder, and hostile requests to each get no 5xx and no stall while the service stays up
 * and ready and the valid requests sent alongside succeed.
 */
export function itFuzzesEveryEndpoint(service: FuzzedService): void {
  const baseUrl = () => `http://127.0.0.1:${service.proc().port}`;
  const settings = service.settings ?? fuzzSettingsFromEnv(SPEC_RUNS_PER_ENDPOINT);
  const endpoints = async () => [
    ...(await service.endpoints()),
    ...platformEndpoints({ status: 200 }),
  ];

  it('has a fuzz builder for every operation in its OpenAPI document', async () => {
    const document = (await (await fetch(`${baseUrl()}/docs-json`)).json()) as OpenApiDocument;
    expect(fuzzCoverageGaps(document, await endpoints())).toEqual({
      unfuzzed: [],
      unknown: [],
    });
  });

  const { runsPerEndpoint } = settings;
  it(
    `answers ${runsPerEndpoint} hostile requests per endpoint without a 5xx or a stall, stays ready and accepts the valid requests sent alongside`,
    async () => {
      const report = await runHttpFuzz({
        ...settings,
        app: service.app,
        baseUrl: baseUrl(),
        endpoints: await endpoints(),
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
