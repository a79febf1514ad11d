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

export type ConsumerReport = SupervisedConsumer & {
  status: ConsumerStatus;
  ready: boolean;
  /** Why it last failed to start or crashed, while it is not running again. */
  error?: string;
};

type Supervised = { consumer: BatchConsumer; role: SupervisedConsumer; error?: string };

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
  private readonly supervised: Supervised[] = [];
  private readonly stopping = new AbortController();

  /** Starts `consumer` in the background; `stopAll` stops it. */
  run(consumer: BatchConsumer, role: SupervisedConsumer): void {
    const entry: Supervised = { consumer, role };
    this.supervised.push(entry);
    void this.keepRunning(entry);
  }

  consumers(): ConsumerReport[] {
    return this.supervised.map(({ consumer, role, error }) => {
      const status = consumer.status();
      const ready = status === 'joining' || status === 'consuming';
      return { ...role, status, ready, ...(error !== undefined && !ready ? { error } : {}) };
    });
  }

  /** Drains and stops every consumer; each leaves its group, so no session has to expire. */
  async stopAll(): Promise<void> {
    this.stopping.abort();
    const supervised = this.supervised.splice(0);
    await Promise.all(supervised.map(({ consumer }) => consumer.stop()));
  }

  private async keepRunning(entry: Supervised): Promise<void> {
    const { consumer, role } = entry;
    const aborted = new Promise<void>((resolve) =>
      this.stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    let attempt = 0;
    while (!this.stopping.signal.aborted) {
      attempt += 1;
      let failure: string;
      try {
        await consumer.start();
        this.logger.log(`consumer group ${role.name} started`);
        const startedAt = Date.now();
        const crash = await Promise.race([consumer.crashed(), aborted]);
        if (this.stopping.signal.aborted) return;
        // A crash that repeats at once backs off like a failing start; one after a good run does not.
        if (Date.now() - startedAt > startBackoff.maxBackoffMs) attempt = 1;
        failure = `crashed and its client gave up (attempt ${attempt})`;
        entry.error = messageOf(crash);
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        failure = `could not start (attempt ${attempt})`;
        entry.error = messageOf(error);
      }
      const delayMs = backoffDelayMs(attempt, startBackoff);
      this.logger.error(
        `consumer group ${role.name} ${failure}, starting it again in ${delayMs} ms: ${entry.error}`,
      );
      await sleep(delayMs, this.stopping.signal);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
