import { Global, Injectable, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createServiceApp } from '@omni/observability';
import { createTestDatabase, testInfra, type TestDatabase } from '@omni/testing';
import { Client } from 'pg';
import { HealthModule } from '../src';
import type { ConsumerReadiness, OutboxLag } from '../src';

/** Stands in for MessagingHealth: the probe contract belongs to this library, the database is real. */
@Injectable()
class FakeMessagingHealth {
  ready = true;
  lag: OutboxLag = { rows: 0, oldestAgeMs: 0 };
  groups: ConsumerReadiness[] = [];

  async kafkaReady(): Promise<boolean> {
    return this.ready;
  }

  async outboxLag(): Promise<OutboxLag> {
    return this.lag;
  }

  consumers(): ConsumerReadiness[] {
    return this.groups;
  }
}

@Module({ providers: [FakeMessagingHealth], exports: [FakeMessagingHealth] })
class FakeMessagingModule {}

type HealthBody = {
  status: 'ok' | 'error';
  info: Record<string, { status: string }>;
  error: Record<string, { status: string; reason?: string }>;
};

describe('health endpoints against a real Postgres', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let messaging: FakeMessagingHealth;

  beforeAll(async () => {
    db = await createTestDatabase({ service: 'health' });

    // What TypeOrmModule.forRoot registers in an app: the service's DataSource, found by its token.
    @Global()
    @Module({
      providers: [{ provide: getDataSourceToken(), useValue: db.dataSource }],
      exports: [getDataSourceToken()],
    })
    class DatabaseModule {}

    @Module({
      imports: [
        DatabaseModule,
        HealthModule.forRoot({
          imports: [FakeMessagingModule],
          kafka: FakeMessagingHealth,
          outbox: FakeMessagingHealth,
          consumers: FakeMessagingHealth,
          outboxLagThresholdRows: 1_000,
          env: { HEALTH_OUTBOX_MAX_LAG_MS: '30000', HEALTH_PROBE_TIMEOUT_MS: '1000' },
        }),
      ],
    })
    class AppModule {}

    app = await createServiceApp({
      module: AppModule,
      serviceName: 'health-spec',
      logger: { env: { LOG_LEVEL: 'silent' } },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    messaging = app.get(FakeMessagingHealth);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  beforeEach(() => {
    messaging.ready = true;
    messaging.lag = { rows: 0, oldestAgeMs: 0 };
    messaging.groups = [];
  });

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json<HealthBody>() };
  };

  it('ready is 200 when Postgres answers, Kafka is connected and the outbox keeps up', async () => {
    messaging.lag = { rows: 999, oldestAgeMs: 29_000 };
    const { status, body } = await get('/health/ready');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.info).toEqual({
      database: { status: 'up' },
      kafka: { status: 'up' },
      outbox: { status: 'up', rows: 999, oldestAgeMs: 29_000, maxRows: 1_000, maxAgeMs: 30_000 },
      consumers: { status: 'up', groups: {} },
    });
  });

  it('ready is 503 naming consumers while a consumer the service needs is outside its group, and 200 while it joins', async () => {
    messaging.groups = [
      { name: 'resolution', status: 'connecting', ready: false, gatesReadiness: true },
      { name: 'raw', status: 'failed', ready: false, gatesReadiness: false },
    ];
    const outside = await get('/health/ready');
    expect([outside.status, Object.keys(outside.body.error)]).toEqual([503, ['consumers']]);
    expect(outside.body.error.consumers.reason).toBe('not in their consumer group: resolution');

    messaging.groups[0] = { ...messaging.groups[0], status: 'joining', ready: true };
    const joining = await get('/health/ready');
    expect(joining.status).toBe(200);
    expect(joining.body.info.consumers).toEqual({
      status: 'up',
      groups: { resolution: 'joining', raw: 'failed' },
    });
  });

  it('ready is 503 naming kafka when the Kafka probe reports not connected', async () => {
    messaging.ready = false;
    const { status, body } = await get('/health/ready');
    expect(status).toBe(503);
    expect(Object.keys(body.error)).toEqual(['kafka']);
    expect(body.info).toMatchObject({ database: { status: 'up' }, outbox: { status: 'up' } });
  });

  it('ready is 503 naming outbox when more rows wait than the threshold allows', async () => {
    messaging.lag = { rows: 1_001, oldestAgeMs: 10 };
    const { status, body } = await get('/health/ready');
    expect(status).toBe(503);
    expect(Object.keys(body.error)).toEqual(['outbox']);
    expect(body.error.outbox.reason).toBe('1001 unpublished rows, more than 1000');
  });

  it('ready is 503 naming outbox when the oldest row is older than HEALTH_OUTBOX_MAX_LAG_MS', async () => {
    messaging.lag = { rows: 3, oldestAgeMs: 30_001 };
    const { status, body } = await get('/health/ready');
    expect(status).toBe(503);
    expect(Object.keys(body.error)).toEqual(['outbox']);
  });

  it('live stays 200 and ready turns 503 naming database while Postgres refuses the service, then recovers', async () => {
    const admin = new Client({
      connectionString: new URL('/omni', testInfra().adminUrl).toString(),
    });
    await admin.connect();
    try {
      // The service's role may no longer log in and its open connections are cut.
      await admin.query(`ALTER ROLE "${db.role}" NOLOGIN`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
        [db.role],
      );

      const live = await get('/health/live');
      expect(live).toEqual({
        status: 200,
        body: { status: 'ok', info: {}, error: {}, details: {} },
      });

      const ready = await get('/health/ready');
      expect(ready.status).toBe(503);
      expect(Object.keys(ready.body.error)).toEqual(['database']);
      expect(ready.body.info).toMatchObject({ kafka: { status: 'up' }, outbox: { status: 'up' } });
    } finally {
      await admin.query(`ALTER ROLE "${db.role}" LOGIN`);
      await admin.end();
    }
    // The pool may still hold a connection that was cut; readiness recovers once it is replaced.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await get('/health/ready')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it('both endpoints are documented in OpenAPI, with the 503 answer', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json<{
      paths: Record<string, { get: { tags: string[]; responses: Record<string, unknown> } }>;
    }>();
    expect(document.paths['/health/live'].get.tags).toEqual(['health']);
    expect(Object.keys(document.paths['/health/ready'].get.responses).sort()).toEqual([
      '200',
      '503',
    ]);
  });
});
