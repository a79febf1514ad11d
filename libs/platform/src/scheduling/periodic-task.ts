import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { isExtraHttpThread } from '@omni/observability';

/**
 * Work a service does on a timer rather than on an event: expiring points, purging old keys,
 * re-assessing customers. A subclass says how often (`everyMs`, 0 turns it off) and what one
 * run does (`runOnce`); this class starts the timer when the application has started, never
 * runs two at once (a tick that finds a run in progress is skipped), logs a run's summary or
 * its failure (the next tick retries), and waits for the run in progress before the
 * application shuts down its connections. It runs on the main thread only. Replicas each run it: `runOnce` must be safe to run
 * concurrently with another replica's (idempotent deletes, SKIP LOCKED, an advisory lock).
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  /** `name` labels its log lines. */
  protected constructor(name: string) {
    this.logger = new Logger(name);
  }

  /** How often to run, in milliseconds; 0 never runs it. Read once, at start. */
  protected abstract everyMs(): number;

  /** One run. What it returns, when not empty, is logged as the run's summary. */
  protected abstract runOnce(): Promise<string | undefined>;

  onApplicationBootstrap(): void {
    const every = this.everyMs();
    // Timers run on the main thread; an extra HTTP thread (ADR 0040) only serves requests.
    if (every <= 0 || isExtraHttpThread()) return;
    this.timer = setInterval(() => void this.runNow(), every);
    this.timer.unref();
  }

  /** Runs now, or joins the run in progress; never rejects (a failure is logged). */
  runNow(): Promise<void> {
    this.running ??= this.runOnce()
      .then((summary) => {
        if (summary) this.logger.log(summary);
      })
      .catch((error: unknown) =>
        this.logger.warn(
          `run failed, the next one retries: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
