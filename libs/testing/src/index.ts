export { testInfra, createTestDatabase, uniqueSuffix, type TestDatabase } from './test-infra';
export { waitForMessage, type ReceivedMessage } from './wait-for-message';
export { createTestApp } from './test-app';
export {
  openApiOf,
  requestBodyOf,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiSchema,
  type ServiceOpenApi,
} from './openapi-document';
export {
  freePort,
  runToCompletion,
  serviceProcesses,
  startServiceProcess,
  waitForHttpOk,
  type ServiceProcess,
  type ServiceProcesses,
} from './service-process';
export { countReaches, eventually, pollUntil } from './eventually';
export { useHarness, type Closable } from './use-harness';
export {
  processed,
  serviceEnvironment,
  serviceTestEnvironment,
  startServiceTestHarness,
  type ServiceTestEnvironment,
  type ServiceTestEnvironmentOptions,
  type ServiceTestHarness,
  type TopicBinding,
} from './service-test-environment';
export {
  journeyShopper,
  resolvedJourney,
  resolvedStep,
  startIngestProcess,
  type IngestProcess,
  type JourneyStep,
} from './ingest-process';
export {
  serviceProcessHarness,
  stopMidBurst,
  type ServiceProcessHarness,
  type ServiceTestSetup,
} from './service-process-harness';
export {
  distinctEventsOn,
  eventsOn,
  messagesOn,
  testProducer,
  testReader,
  topicClients,
  type PublishedEvent,
  type TopicClients,
} from './topic-events';
export {
  itLogsNoPersonalData,
  knownPerson,
  leakedValues,
  logsOfRun,
  outputOfRun,
} from './log-leaks';
export { seededRandom } from './seeded-random';
export {
  downstreamEvent,
  profileChange,
  type DownstreamEventOptions,
  type TestEvent,
} from './downstream-events';
export { benchArgs, positiveOption } from './bench/bench-args';
export { benchMain, serviceBench, type ServiceBench } from './bench/service-bench';
export { itFuzzesEveryEndpoint, type FuzzedService } from './http-fuzz-specs';
export { describeServiceFoundation } from './service-skeleton.examples';
export { describeLandedMigrations } from './landed-migrations';
export { cpuMs, cpuMsOf, cpuMsOfPids, cpuSince, machineCpuMs } from './process-cpu';
export {
  describeConsumerGroup,
  stableGroupOf,
  waitForGroup,
  type GroupMember,
  type GroupSnapshot,
} from './consumer-group';
export {
  fuzzCoverageGaps,
  fuzzEndpoint,
  fuzzProblems,
  fuzzSettingsFromEnv,
  pageQuery,
  platformEndpoints,
  runHttpFuzz,
  unroutedEndpoint,
  type FuzzEndpoint,
  type FuzzReport,
  type FuzzResponse,
  type OpenApiDocument,
  type ValidCheck,
} from './http-fuzz';
export type { EndpointTemplate, FuzzRequest } from './http-fuzz-requests';
export { median, medianMetrics, percentile, round, timedRuns } from './bench/stats';
export { runLoadProcess } from './bench/load-process';
export { runHttpLoad, type HttpLoadOptions, type HttpLoadResult } from './bench/http-load';
export { floorMetrics, startFloorServer, type FloorServer } from './bench/floor-server';
export {
  benchEnvironment,
  compareCases,
  gitState,
  scenarioCase,
  writeBenchResult,
  type BenchResultInput,
  type MeasuredRun,
  type WriteBenchResultOptions,
} from './bench/bench-result';
export {
  benchResultSchema,
  type BenchEnvironment,
  type BenchResult,
  type Comparison,
  type ProcessUsage,
  type ScenarioCase,
  type ScenarioResult,
  type ScenarioRun,
} from './bench/bench-result.schema';
