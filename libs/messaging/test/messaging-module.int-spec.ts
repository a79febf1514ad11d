import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { register } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { serviceDataSourceOptions } from '@omni/database';
import {
  createTestDatabase,
  testInfra,
  uniqueSuffix,
  waitForMessage,
  type TestDatabase,
} from '@omni/testing';
import type { ConsumedEvent } from '../src/consumer/consumed-event';
import { MessagingHealth } from '../src/health/messaging-health.service';
import { EventHandler } from '../src/nest/event-handler.decorator';
import { MessagingModule } from '../src/nest/messaging.module';
import { Outbox } from '../src/outbox/outbox.service';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import { applyAmount, waitUntil, type AmountEvent } from './support/messaging-test-kit';

describe('MessagingModule', () => {
  const { brokers } = testInfra();
  const service = `msg-nest-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  let db: TestDatabase;
  let app: INestApplicationContext;
  let closed = false;

  @Injectable()
  class BalanceProjection {
    @EventHandler({ topic })
    async onAmount(event: ConsumedEvent<AmountEvent>, tx: EntityManager): Promise<void> {
      await applyAmount(event, tx, service);
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 2 }]);

    @Module({
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({ service, schema: db.schema, url: db.url, poolSize: 4 }),
        ),
        MessagingModule.forRootAsync({
          useFactory: async () => ({
            service,
            brokers,
            relay: { pollIntervalMs: 20 },
            consumer: { initialBackoffMs: 1, maxBackoffMs: 5 },
          }),
        }),
      ],
      providers: [BalanceProjection],
    })
    class AppModule {}

    app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  });

  afterAll(async () => {
    if (!closed) await app?.close();
    await deleteTopics(brokers, [topic]);
    await db.drop();
  });

  it('an event written through the outbox reaches an @EventHandler method and shutdown drains cleanly', async () => {
    const dataSource = app.get(DataSource);
    await dataSource.transaction((tx) =>
      app.get(Outbox).enqueueMany(tx, [
        { topic, key: 'acc-1', value: { eventId: 'e-1', account: 'acc-1', amount: 3 } },
        { topic, key: 'acc-1', value: { eventId: 'e-2', account: 'acc-1', amount: 4 } },
      ]),
    );
    const balance = async () =>
      (await db.dataSource.query(`SELECT total FROM balances WHERE account = 'acc-1'`))[0]?.total;
    await waitUntil(
      async () => (await balance()) === '7',
      30_000,
      'the handler applied both events',
    );

    const relayed = await waitForMessage<AmountEvent>(topic, (m) => m.value.eventId === 'e-2');
    expect(relayed).toMatchObject({ topic, key: 'acc-1', value: { eventId: 'e-2', amount: 4 } });

    const health = app.get(MessagingHealth);
    expect(await health.kafkaReady()).toBe(true);
    expect(await health.outboxLag()).toEqual({ rows: 0, oldestAgeMs: 0 });
    const metrics = await register.metrics();
    expect(metrics).toContain(
      `omni_outbox_published_total{service="${service}",topic="${topic}"} 2`,
    );
    expect(metrics).toContain(`omni_outbox_lag_rows{service="${service}"} 0`);
    expect(metrics).toMatch(
      new RegExp(
        `omni_consumer_events_total\\{service="${service}",consumer_group="${service}",topic="[^"]+",outcome="processed"\\} 2`,
      ),
    );

    await app.close();
    closed = true;
    const [{ inbox }] = await db.dataSource.query(
      `SELECT count(*)::int AS inbox FROM inbox WHERE consumer_group = $1`,
      [service],
    );
    expect(inbox).toBe(2);
  });
});
