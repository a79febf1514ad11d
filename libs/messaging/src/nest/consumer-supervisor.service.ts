import { Injectable, Logger } from '@nestjs/common';
import { backoffDelayMs, type BackoffPolicy } from '../backoff';
import type { BatchConsumer, ConsumerStatus } from '../consumer/batch-consumer';
import { sleep } from '../sleep';

export type SupervisedConsumer = {
  /** How logs and readiness name it: its consumer group. */
  name: string;
  /** Whether the service is unready while this consumer is not in its group. */
  gatesReadiness: boolean;
};

export type ConsumerReport = SupervisedConsumer & { status: ConsumerStatus; ready: boolean };

const startBackoff: BackoffPolicy = { initialBackoffMs: 1_000, maxBackoffMs: 30_000 };

/**
 * Runs a service's consumers beside its HTTP server rather than ahead of it. Joining a group
 * can take up to a session timeout (after a kill -9 the dead member keeps its place until its
 * session ends), and nothing the server answers needs the join, so start-up does not wait for
 * it. A start that fails is retried with backoff until it succeeds or the app stops.
 *
 * For readiness a consumer counts as ready while joining or consuming: it is connected and in
 * the group's hands, and waiting out a dead member is Kafka's protocol, not a fault here.
 * Services choose per consumer whether it gates their readiness at all.
 */
@Injectable()
export class ConsumerSupervisor {
  private readonly logger = new Logger('Consumers');
  private readonly supervised: { consumer: BatchConsumer; role: SupervisedConsumer }[] = [];
  private readonly stopping = new AbortController();

  /** Starts `consumer` in the background; `stopAll` stops it. */
  run(consumer: BatchConsumer, role: SupervisedConsumer): void {
    this.supervised.push({ consumer, role });
    void this.keepStarting(consumer, role.name);
  }

  consumers(): ConsumerReport[] {
    return this.supervised.map(({ consumer, role }) => {
      const status = consumer.status();
      return { ...role, status, ready: status === 'joining' || status === 'consuming' };
    });
  }

  /** Drains and stops every consumer; each leaves its group, so no session has to expire. */
  async stopAll(): Promise<void> {
    this.stopping.abort();
    const supervised = this.supervised.splice(0);
    await Promise.all(supervised.map(({ consumer }) => consumer.stop()));
  }

  private async keepStarting(consumer: BatchConsumer, name: string): Promise<void> {
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      try {
        await consumer.start();
        this.logger.log(`consumer group ${name} started`);
        return;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        const delayMs = backoffDelayMs(attempt, startBackoff);
        this.logger.error(
          `consumer group ${name} could not start (attempt ${attempt}), retrying in ${delayMs} ms: ${error instanceof Error ? error.message : String(error)}`,
        );
        await sleep(delayMs, this.stopping.signal);
      }
    }
  }
}
