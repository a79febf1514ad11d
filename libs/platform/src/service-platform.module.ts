import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions, type ServiceDatabaseOptions } from '@omni/database';
import { HealthModule } from '@omni/health';
import {
  ConsumersReadiness,
  MessagingHealth,
  MessagingModule,
  messagingOptions,
} from '@omni/messaging';
import { ADMIN_TOKEN } from './admin/admin-token';
import { ErrorBodyFilter } from './errors/error-body.filter';
import { RequestValidationPipe } from './validation/request-validation.pipe';
import type { ServiceConfig, ServiceDescriptor } from './service-config';

/** Injection token for the service's parsed, typed configuration (see defineServiceConfig). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export type ServicePlatformOptions = {
  service: ServiceDescriptor;
  entities?: ServiceDatabaseOptions['entities'];
};

@Global()
@Module({})
class ServiceConfigModule {}

/**
 * The app's root: provides the configuration parsed once by runService, createTestApp or a CLI
 * to every module (SERVICE_CONFIG, and ADMIN_TOKEN for AdminTokenGuard), then the app itself.
 */
export function withServiceConfig(
  module: Type<unknown> | DynamicModule,
  config: ServiceConfig,
): DynamicModule {
  return {
    module: ServiceConfigModule,
    global: true,
    imports: [module],
    providers: [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: ADMIN_TOKEN, useValue: config.platform.adminToken },
    ],
    exports: [SERVICE_CONFIG, ADMIN_TOKEN],
  };
}

/**
 * What every Omni service stands on: its TypeORM DataSource on its own schema (the default one,
 * so a provider injects it by its class: `private readonly dataSource: DataSource`), Kafka messaging
 * (producer, outbox relay, declarative consumers), health checks and the one error body of
 * every response (ErrorBodyFilter) and request validation against zod DTOs
 * (RequestValidationPipe), all set from SERVICE_CONFIG. Logging, metrics and OpenAPI
 * come from `createServiceApp` in @omni/observability.
 */
@Module({})
export class ServicePlatformModule {
  static forRoot(options: ServicePlatformOptions): DynamicModule {
    const { service } = options;
    return {
      module: ServicePlatformModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: ({ platform }: ServiceConfig) =>
            serviceDataSourceOptions({
              service: service.name,
              schema: platform.database.schema,
              url: platform.database.url,
              poolSize: platform.database.poolSize,
              entities: options.entities,
            }),
        }),
        MessagingModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: ({ platform }: ServiceConfig) => messagingOptions(service.name, platform),
        }),
        HealthModule.forRoot({
          kafka: MessagingHealth,
          outbox: MessagingHealth,
          consumers: ConsumersReadiness,
          settings: {
            inject: [SERVICE_CONFIG],
            useFactory: ({ platform }: ServiceConfig) => platform.health,
          },
        }),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ErrorBodyFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
      ],
    };
  }
}
