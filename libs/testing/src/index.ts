export { testInfra, createTestDatabase, uniqueSuffix, type TestDatabase } from './test-infra';
export { waitForMessage, type ReceivedMessage } from './wait-for-message';
export { createTestApp } from './test-app';
export {
  startServiceProcess,
  waitForHttpOk,
  freePort,
  type ServiceProcess,
} from './service-process';
export { describeServiceFoundation } from './service-skeleton.examples';
export { cpuMs, cpuMsOf, cpuSince, machineCpuMs } from './process-cpu';
