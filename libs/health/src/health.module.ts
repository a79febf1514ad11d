import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type Type,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import {
  HEALTH_SETTINGS,
  healthSettings,
  type HealthSettings,
  type HealthThresholds,
} from './health-settings';
import { KafkaHealthIndicator } from './kafka.health';
import { ConsumersHealthIndicator } from './consumers.health';
import { OutboxLagHealthIndicator } from './outbox-lag.health';
import {
  ConsumerReadinessProbe,
  KafkaReadinessProbe,
  OutboxLagProbe,
  type ConsumerReadiness,
} from './readiness-probes';

export type HealthModuleOptions = HealthThresholds & {
  /** The provider that answers `kafkaReady()`, normally `MessagingHealth` from @omni/messaging. */
  kafka: Type<KafkaReadinessProbe>;
  /** The provider that answers `outboxLag()`, normally `MessagingHealth` as well. */
  outbox: Type<OutboxLagProbe>;
  /** The provider that answers `consumers()`, normally `ConsumersReadiness`; none: no consumers. */
  consumers?: Type<ConsumerReadinessProbe>;
  /** Modules exporting those providers, unless they are global. */
  imports?: ModuleMetadata['imports'];
  /** Where HEALTH_* variables are read from; process.env by default. */
  env?: Record<string, string | undefined>;
  /** Settings already parsed by the app (ServicePlatformModule's): then nothing is read here. */
  settings?: { inject: InjectionToken[]; useFactory: (...deps: never[]) => HealthSettings };
};

/**
 * `GET /health/live` and `GET /health/ready`. The database is checked through the app's TypeORM
 * DataSource (the one @nestjs/typeorm registers), so the app must provide one.
 *
 * @example
 * HealthModule.forRoot({
 *   imports: [MessagingModule],
 *   kafka: MessagingHealth,
 *   outbox: MessagingHealth,
 *   consumers: ConsumersReadiness,
 * })
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      // Terminus would log every failed probe; createServiceApp logs readiness when it changes.
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        options.settings
          ? { provide: HEALTH_SETTINGS, ...options.settings }
          : {
              provide: HEALTH_SETTINGS,
              useFactory: () => healthSettings(options, options.env ?? process.env),
            },
        { provide: KafkaReadinessProbe, useExisting: options.kafka },
        { provide: OutboxLagProbe, useExisting: options.outbox },
        options.consumers
          ? { provide: ConsumerReadinessProbe, useExisting: options.consumers }
          : {
              provide: ConsumerReadinessProbe,
              useValue: { consumers: (): ConsumerReadiness[] => [] },
            },
        KafkaHealthIndicator,
        OutboxLagHealthIndicator,
        ConsumersHealthIndicator,
      ],
    };
  }
}
