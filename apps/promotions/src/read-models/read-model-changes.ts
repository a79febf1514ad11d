import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { NotificationListener, notificationChannel } from '@omni/messaging';
import { DataSource } from 'typeorm';
import { ReadModelsRepository } from './read-models.repository';

/**
 * The channel a schema's read-model changes are announced on, by the triggers of the
 * `ReadModelChangeNotifications` migration (which hash the schema name the same way).
 */
export function readModelsChannel(schema: string): string {
  return notificationChannel('omni_read_models', schema);
}

/**
 * What hears the changes: each payload in commit order, and every (re)connect once LISTEN is in
 * place, after which whatever changed while the connection was away must be assumed changed.
 */
export type ReadModelSubscriber = {
  onNotification: (payload: string) => void;
  onListening: () => void;
};

/**
 * The change notifications of this schema's read models and campaigns, heard over one LISTEN
 * connection per process and handed to every subscriber: the cart facts cache evicts what they
 * name, the live promotions reload on a campaign's. Subscribers subscribe when they are built;
 * without any, no connection is opened.
 */
@Injectable()
export class ReadModelChanges implements OnModuleInit, OnModuleDestroy {
  private readonly subscribers: ReadModelSubscriber[] = [];
  private listener: NotificationListener | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly readModels: ReadModelsRepository,
  ) {}

  subscribe(subscriber: ReadModelSubscriber): void {
    this.subscribers.push(subscriber);
  }

  async onModuleInit(): Promise<void> {
    if (this.subscribers.length === 0) return;
    const schema = await this.readModels.schema();
    this.listener = new NotificationListener(this.dataSource, {
      channel: readModelsChannel(schema),
      applicationName: 'omni-promotions-read-models',
      meanwhile: 'quotes read Postgres and reload live promotions on a timer',
      onNotification: (payload) => {
        for (const subscriber of this.subscribers) subscriber.onNotification(payload);
      },
      onListening: () => {
        for (const subscriber of this.subscribers) subscriber.onListening();
      },
    });
    this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }

  /** True while changes are heard. */
  isListening(): boolean {
    return this.listener?.isListening() === true;
  }
}
