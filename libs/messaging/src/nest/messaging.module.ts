import {
  Global,
  Module,
  type DynamicModule,
  type ModuleMetadata,
  type InjectionToken,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { relaySettings, type MessagingOptions } from '../config/messaging-options';
import { MessagingHealth } from '../health/messaging-health.service';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { Outbox } from '../outbox/outbox.service';
import { KafkaProducer } from '../producer/kafka-producer';
import { ConsumerSupervisor } from './consumer-supervisor.service';
import { ConsumersReadiness } from './consumers-readiness.service';
import { EventHandlerExplorer } from './event-handler.explorer';
import { MessagingLifecycle } from './messaging-lifecycle.service';
import { MESSAGING_OPTIONS } from './messaging.tokens';

export type MessagingModuleAsyncOptions = {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  // Method syntax so any factory signature is accepted, as with Nest's own providers.
  useFactory(...args: never[]): MessagingOptions | Promise<MessagingOptions>;
};

/**
 * Kafka for a service: the producer, the outbox and its relay, and a consumer per
 * `@EventHandler` group; a service's own consumers run under `ConsumerSupervisor` too. Uses
 * the DataSource of the app's `TypeOrmModule.forRoot(...)`.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return MessagingModule.create({ provide: MESSAGING_OPTIONS, useValue: options });
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return MessagingModule.create(
      {
        provide: MESSAGING_OPTIONS,
        useFactory: (...args: unknown[]) => options.useFactory(...(args as never[])),
        inject: options.inject ?? [],
      },
      options.imports ?? [],
    );
  }

  private static create(
    optionsProvider: Provider,
    imports: ModuleMetadata['imports'] = [],
  ): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...imports],
      providers: [
        optionsProvider,
        {
          provide: KafkaProducer,
          useFactory: (options: MessagingOptions) => new KafkaProducer(options),
          inject: [MESSAGING_OPTIONS],
        },
        Outbox,
        {
          provide: OutboxRelay,
          useFactory: (
            dataSource: DataSource,
            producer: KafkaProducer,
            options: MessagingOptions,
          ) =>
            new OutboxRelay(dataSource, producer, {
              service: options.service,
              ...relaySettings(options),
            }),
          inject: [getDataSourceToken(), KafkaProducer, MESSAGING_OPTIONS],
        },
        {
          provide: MessagingHealth,
          useFactory: (options: MessagingOptions, relay: OutboxRelay) =>
            new MessagingHealth(options, relay),
          inject: [MESSAGING_OPTIONS, OutboxRelay],
        },
        EventHandlerExplorer,
        ConsumerSupervisor,
        ConsumersReadiness,
        MessagingLifecycle,
      ],
      exports: [
        MESSAGING_OPTIONS,
        KafkaProducer,
        Outbox,
        OutboxRelay,
        MessagingHealth,
        ConsumerSupervisor,
        ConsumersReadiness,
      ],
    };
  }
}
