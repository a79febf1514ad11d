export { testInfra, createTestDatabase, uniqueSuffix, type TestDatabase } from './test-infra';
