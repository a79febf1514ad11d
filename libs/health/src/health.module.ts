import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_SETTINGS, healthSettings, type HealthThresholds } from './health-settings';
import { KafkaHealthIndicator } from './kafka.health';
import { OutboxLagHealthIndicator } from './outbox-lag.health';
import { KafkaReadinessProbe, OutboxLagProbe } from './readiness-probes';

export type HealthModuleOptions = HealthThresholds & {
  /** The provider that answers `kafkaReady()`, normally `MessagingHealth` from @omni/messaging. */
  kafka: Type<KafkaReadinessProbe>;
  /** The provider that answers `outboxLag()`, normally `MessagingHealth` as well. */
  outbox: Type<OutboxLagProbe>;
  /** Modules exporting those providers, unless they are global. */
  imports?: ModuleMetadata['imports'];
  /** Where HEALTH_* variables are read from; process.env by default. */
  env?: Record<string, string | undefined>;
};

/**
 * `GET /health/live` and `GET /health/ready`. The database is checked through the app's TypeORM
 * DataSource (the one @nestjs/typeorm registers), so the app must provide one.
 *
 * @example
 * HealthModule.forRoot({ imports: [MessagingModule], kafka: MessagingHealth, outbox: MessagingHealth })
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_SETTINGS,
          useFactory: () => healthSettings(options, options.env ?? process.env),
        },
        { provide: KafkaReadinessProbe, useExisting: options.kafka },
        { provide: OutboxLagProbe, useExisting: options.outbox },
        KafkaHealthIndicator,
        OutboxLagHealthIndicator,
      ],
    };
  }
}
