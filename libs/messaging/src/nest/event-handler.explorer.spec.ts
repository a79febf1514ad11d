import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { ConsumedEvent } from '../consumer/consumed-event';
import { EventHandler } from './event-handler.decorator';
import { EventHandlerExplorer } from './event-handler.explorer';

const SETTINGS = Symbol('SETTINGS');
type Settings = { topic: string; enabled: boolean };

@Injectable()
class Handlers {
  readonly seen: string[] = [];

  @EventHandler({ topic: 'static.v1' })
  async onStatic(event: ConsumedEvent): Promise<void> {
    this.seen.push(`static:${event.eventId}`);
  }

  @EventHandler({
    inject: [SETTINGS],
    useFactory: (settings: Settings) => ({
      topic: settings.topic,
      batch: true,
      readiness: 'ignored',
    }),
  })
  async onConfigured(events: ConsumedEvent[]): Promise<void> {
    this.seen.push(`configured:${events.length}`);
  }

  @EventHandler({
    inject: [SETTINGS],
    useFactory: (settings: Settings) => ({ topic: 'off.v1', enabled: settings.enabled }),
  })
  async onSwitchedOff(): Promise<void> {
    this.seen.push('switched-off');
  }
}

@Module({
  imports: [DiscoveryModule],
  providers: [
    Handlers,
    EventHandlerExplorer,
    { provide: SETTINGS, useValue: { topic: 'from-settings.v1', enabled: false } },
  ],
})
class HandlersModule {}

const event = (eventId: string): ConsumedEvent => ({
  topic: 't',
  partition: 0,
  offset: '0',
  key: null,
  headers: {},
  value: {},
  eventId,
});

describe('EventHandlerExplorer', () => {
  it('resolves options from injected settings, finds batch handlers and leaves out disabled ones', async () => {
    const app = await NestFactory.createApplicationContext(HandlersModule, { logger: false });
    const found = app.get(EventHandlerExplorer).explore();
    expect(found.map(({ name, options }) => [name, options])).toEqual([
      ['Handlers.onStatic', { topic: 'static.v1' }],
      ['Handlers.onConfigured', { topic: 'from-settings.v1', batch: true, readiness: 'ignored' }],
    ]);
    const tx = {} as EntityManager;
    for (const handler of found) {
      if ('handle' in handler) await handler.handle(event('a'), tx);
      else await handler.handleBatch([event('b'), event('c')], tx);
    }
    expect(app.get(Handlers).seen).toEqual(['static:a', 'configured:2']);
    await app.close();
  });
});
