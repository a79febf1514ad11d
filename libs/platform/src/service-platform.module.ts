import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions, type ServiceDatabaseOptions } from '@omni/database';
import { HealthModule } from '@omni/health';
import { MessagingHealth, MessagingModule, messagingOptionsFromEnv } from '@omni/messaging';
import { loadServiceConfig, type ServiceConfig, type ServiceDescriptor } from './service-config';

/** Injection token for the service's validated configuration. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export type ServicePlatformOptions = {
  service: ServiceDescriptor;
  entities?: ServiceDatabaseOptions['entities'];
};

@Global()
@Module({})
class ServiceConfigModule {
  static register(service: ServiceDescriptor): DynamicModule {
    return {
      module: ServiceConfigModule,
      // Parsed when the app is created, not at import, so tests can set the environment first.
      providers: [{ provide: SERVICE_CONFIG, useFactory: () => loadServiceConfig(service) }],
      exports: [SERVICE_CONFIG],
    };
  }
}

/**
 * What every Omni service stands on: validated config, its TypeORM DataSource on its own
 * schema, Kafka messaging (producer, outbox relay, declarative consumers) and health checks.
 * Logging, metrics and OpenAPI come from `createServiceApp` in @omni/observability.
 */
@Module({})
export class ServicePlatformModule {
  static forRoot(options: ServicePlatformOptions): DynamicModule {
    const { service } = options;
    return {
      module: ServicePlatformModule,
      imports: [
        ServiceConfigModule.register(service),
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) =>
            serviceDataSourceOptions({
              service: service.name,
              schema: config.DATABASE_SCHEMA,
              url: config.DATABASE_URL,
              poolSize: config.DATABASE_POOL_SIZE,
              entities: options.entities,
            }),
        }),
        MessagingModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => messagingOptionsFromEnv(service.name, config),
        }),
        HealthModule.forRoot({ kafka: MessagingHealth, outbox: MessagingHealth }),
      ],
    };
  }
}
