import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { topicCatalog } from '@omni/contracts';
import { provisionTopics } from '@omni/messaging';
import type { ServiceDefinition, ServiceDescriptor } from '@omni/platform';
import { createTestDatabase, testInfra, type TestDatabase } from './test-infra';
import { createTestApp } from './test-app';
import { eventually } from './eventually';
import { startServiceProcess } from './service-process';

type ServiceUnderTest = {
  service: ServiceDescriptor;
  module: Type<unknown> | DynamicModule;
  /** The app's defineServiceConfig definition. */
  config: ServiceDefinition;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** e.g. apps/pricing/src/main.ts */
  entry: string;
};

/**
 * What every Omni service promises before its features exist, checked against the real broker
 * and database with the service's real migrations and main.ts. Each app's integration suite
 * calls this once.
 */
export function describeServiceFoundation(subject: ServiceUnderTest): void {
  const { service } = subject;

  describe(`${service.name} service foundation`, () => {
    let db: TestDatabase;
    let app: NestFastifyApplication;

    beforeAll(async () => {
      // As `npm start` does: consumers subscribe to the catalog's topics, and auto-create is off.
      await provisionTopics(
        { brokers: testInfra().brokers, clientId: `${service.name}-foundation` },
        [...topicCatalog],
      );
      db = await createTestDatabase({ service: service.name, migrations: subject.migrations });
      app = await createTestApp({
        module: subject.module,
        service,
        config: subject.config,
        env: db.env,
      });
    });

    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('its migrations apply as its own role and revert cleanly', async () => {
      // Its own schema: the running app's consumers must not race the tables being dropped.
      const scratch = await createTestDatabase({
        service: service.name,
        migrations: subject.migrations,
      });
      try {
        const tablesOf = async () =>
          (
            await scratch.dataSource.query(
              `SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`,
              [scratch.schema],
            )
          ).map((t: { tablename: string }) => t.tablename);
        expect(await tablesOf()).toEqual(
          expect.arrayContaining(['dead_letters', 'inbox', 'migrations', 'outbox']),
        );
        for (const _ of subject.migrations) await scratch.dataSource.undoLastMigration();
        expect(await tablesOf()).toEqual(['migrations']);
        await scratch.dataSource.runMigrations();
        expect(await tablesOf()).toEqual(
          expect.arrayContaining(['dead_letters', 'inbox', 'outbox']),
        );
      } finally {
        await scratch.drop();
      }
    });

    it('is live without the database and ready with database, Kafka, outbox and consumers', async () => {
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      // The body says which check is down and why.
      expect({ status: ready.statusCode, body: ready.json() }).toMatchObject({ status: 200 });
      expect(Object.keys(ready.json().info).sort()).toEqual([
        'consumers',
        'database',
        'kafka',
        'outbox',
      ]);
    });

    it('exposes Prometheus metrics with request durations', async () => {
      await app.inject({ method: 'GET', url: '/health/live' });
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('omni_http_request_duration_seconds');
      expect(metrics.body).toContain(`service="${service.name}"`);
    });

    it('documents its HTTP API in OpenAPI at /docs', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
      expect(doc.info.title).toBe(`Omni ${service.name} API`);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/health/live', '/health/ready']),
      );
      expect((await app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
    });

    it('refuses to start with a malformed setting and names the variable', async () => {
      const proc = await startServiceProcess(subject.entry, {
        ...db.env,
        KAFKA_BROKERS: 'not-a-broker',
      });
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain(
        'KAFKA_BROKERS: expected a comma-separated list of host:port',
      );
    });

    it('runs as a process and exits cleanly on SIGTERM', async () => {
      // A process that never turns ready is killed and its output is in the error.
      const proc = await startServiceProcess(subject.entry, db.env, { waitFor: '/health/ready' });
      // Stopping during a join waits for it (only a member can leave): measure the plain case.
      await eventually(
        async () => {
          const ready = (await (await fetch(proc.url('/health/ready'))).json()) as {
            details?: { consumers?: { groups?: Record<string, string> } };
          };
          const groups = Object.values(ready.details?.consumers?.groups ?? {});
          return groups.every((status) => status === 'consuming') ? true : undefined;
        },
        'every consumer group to finish joining',
        60_000,
        250,
      );
      proc.child.kill('SIGTERM');
      const code = await proc.exited;
      expect({ code, output: code === 0 ? '' : proc.output() }).toEqual({ code: 0, output: '' });
    });
  });
}
