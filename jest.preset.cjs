// Shared Jest settings: SWC for speed (with decorator metadata for Nest DI) and the
// tsconfig path aliases, so tests import libraries exactly as the apps do.
const path = require('node:path');
const fs = require('node:fs');

const root = __dirname;
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = path.join(root, target);
}

const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  clearMocks: true,
};

/** Unit specs beside the code: no broker, no database. */
const unit = (dir, displayName) => ({
  ...base,
  displayName,
  rootDir: dir,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
});

/** Integration specs in test/: real Kafka and Postgres, brought up once per run. */
const integration = (dir, displayName) => ({
  ...base,
  displayName: `${displayName}:integration`,
  rootDir: dir,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  globalSetup: path.join(root, 'libs/testing/src/global-setup.cjs'),
  globalTeardown: path.join(root, 'libs/testing/src/global-teardown.cjs'),
  testTimeout: 120_000,
  maxWorkers: 1,
  // A failed spec can leave a client retrying (a consumer rejoining its group, a relay); the
  // run must still end and report, not hold CI until its time limit.
  forceExit: true,
});

module.exports = { base, unit, integration };
