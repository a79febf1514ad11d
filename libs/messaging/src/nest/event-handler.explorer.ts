import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { EventHandlerFn } from '../consumer/batch-consumer';
import type { EventHandlerOptions } from './event-handler.decorator';
import { EVENT_HANDLER_METADATA } from './messaging.tokens';

export type DiscoveredHandler = {
  name: string;
  options: EventHandlerOptions;
  handle: EventHandlerFn<unknown>;
};

/** Finds every `@EventHandler` method on the application's providers at bootstrap. */
@Injectable()
export class EventHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
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
        const options = this.reflector.get<EventHandlerOptions | undefined>(
          EVENT_HANDLER_METADATA,
          method,
        );
        if (!options) continue;
        found.push({
          name: `${instance.constructor.name}.${methodName}`,
          options,
          handle: (event, tx) => Reflect.apply(method, instance, [event, tx]) as Promise<void>,
        });
      }
    }
    return found;
  }
}
