// A minimal service on the real platform: POST /orders writes an outbox event in a transaction;
// a declarative consumer records the trace id it runs under. Run as a real process by the spec.
import './traced-app.tracing';
import { Body, Controller, Injectable, Module, Post } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { EventHandler, Outbox, type ConsumedEvent } from '@omni/messaging';
import { defineServiceConfig, runService, ServicePlatformModule } from '../../src';
import { DataSource, type EntityManager } from 'typeorm';

const topic = process.env.TRACE_TOPIC ?? 'trace-fixture.orders';
const service = {
  name: 'trace-fixture',
  schema: process.env.DATABASE_SCHEMA ?? 'trace_fixture',
  port: 0,
};

type OrderPlaced = { eventId: string; orderId: string };

@Controller('orders')
class OrdersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  @Post()
  async place(@Body() body: { orderId: string }): Promise<{ traceId?: string }> {
    await this.dataSource.transaction((tx) =>
      this.outbox.enqueue(tx, {
        topic,
        key: body.orderId,
        value: { eventId: body.orderId, orderId: body.orderId },
      }),
    );
    return { traceId: trace.getActiveSpan()?.spanContext().traceId };
  }
}

@Injectable()
class TraceRecorder {
  @EventHandler({ topic })
  async onOrderPlaced(event: ConsumedEvent<OrderPlaced>, tx: EntityManager): Promise<void> {
    const seen = trace.getActiveSpan()?.spanContext().traceId ?? 'none';
    await tx.query('INSERT INTO seen_traces (event_id, trace_id) VALUES ($1, $2)', [
      event.value.eventId,
      seen,
    ]);
  }
}

@Module({
  imports: [ServicePlatformModule.forRoot({ service })],
  controllers: [OrdersController],
  providers: [TraceRecorder],
})
class TracedAppModule {}

void runService({
  service,
  config: defineServiceConfig(service, {}),
  module: TracedAppModule,
});
