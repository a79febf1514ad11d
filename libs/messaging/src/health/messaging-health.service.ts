import { Injectable } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { createKafka, type KafkaClientOptions } from '../kafka-client';
import type { OutboxLag, OutboxRelay } from '../outbox/outbox-relay.service';

/** Readiness facts for libs/health: can we reach Kafka, and how far behind is the outbox. */
@Injectable()
export class MessagingHealth {
  private admin?: Promise<Admin>;

  constructor(
    private readonly options: KafkaClientOptions,
    private readonly relay: OutboxRelay,
  ) {}

  async kafkaReady(timeoutMs = 2_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>(
      (resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)),
    );
    try {
      return await Promise.race([this.describeCluster(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  outboxLag(): Promise<OutboxLag> {
    return this.relay.lag();
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private async describeCluster(): Promise<boolean> {
    try {
      this.admin ??= this.connect();
      const cluster = await (await this.admin).describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      // Reconnect on the next probe rather than keep a broken admin client.
      await this.close().catch(() => undefined);
      return false;
    }
  }

  private async connect(): Promise<Admin> {
    const admin = createKafka(this.options, 'health').admin();
    await admin.connect();
    return admin;
  }
}
