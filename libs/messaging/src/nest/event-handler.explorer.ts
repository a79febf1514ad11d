import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { BatchHandlerFn, EventHandlerFn } from '../consumer/batch-consumer';
import type { EventHandlerOptions, EventHandlerOptionsFactory } from './event-handler.decorator';
import { EVENT_HANDLER_METADATA } from './messaging.tokens';

export type DiscoveredHandler = { name: string; options: EventHandlerOptions } & (
  { handle: EventHandlerFn<unknown> } | { handleBatch: BatchHandlerFn<unknown> }
);

const isFactory = (
  options: EventHandlerOptions | EventHandlerOptionsFactory,
): options is EventHandlerOptionsFactory => 'useFactory' in options;

/** Finds every `@EventHandler` method on the application's providers at bootstrap. */
@Injectable()
export class EventHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  explore(): DiscoveredHandler[] {
    const found: DiscoveredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || typeof instance !== 'object' || instance === null)
        continue;
      const prototype: unknown = Object.getPrototypeOf(instance);
      if (typeof prototype !== 'object' || prototype === null) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method: unknown = Reflect.get(instance, methodName);
        if (typeof method !== 'function') continue;
        const declared = this.reflector.get<
          EventHandlerOptions | EventHandlerOptionsFactory | undefined
        >(EVENT_HANDLER_METADATA, method);
        if (!declared) continue;
        const options = this.resolve(declared);
        if (options.enabled === false) continue;
        const name = `${instance.constructor.name}.${methodName}`;
        const call = (input: unknown, tx: unknown) =>
          Reflect.apply(method, instance, [input, tx]) as Promise<void>;
        found.push(
          options.batch ? { name, options, handleBatch: call } : { name, options, handle: call },
        );
      }
    }
    return found;
  }

  private resolve(declared: EventHandlerOptions | EventHandlerOptionsFactory): EventHandlerOptions {
    if (!isFactory(declared)) return declared;
    const args = declared.inject.map((token) => this.moduleRef.get(token, { strict: false }));
    return declared.useFactory(...(args as never[]));
  }
}
