import type { LoadCounters } from './load-counters';

export type ProgressStream = { write(text: string): unknown; isTTY?: boolean; columns?: number };

/** One status line: where the run is, the live throughput and what went wrong so far. */
export function progressLine(
  counters: LoadCounters,
  target: number,
  elapsedMs: number,
  recentRate: number,
  barWidth: number,
): string {
  const share = target > 0 ? Math.min(1, counters.sent / target) : 0;
  const filled = Math.round(share * barWidth);
  const bar = barWidth > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ` : '';
  const seconds = (elapsedMs / 1000).toFixed(0);
  return `${bar}${String(Math.round(share * 100)).padStart(3)}% ${counters.sent}/${target} sent, ${Math.round(recentRate)} ev/s, accepted ${counters.accepted}, dup ${counters.duplicates}, rejected ${counters.rejected}, errors ${counters.errors}, ${seconds}s`;
}

/**
 * A live progress bar on a terminal (redrawn in place) and plain periodic lines otherwise, so
 * logs and CI output stay readable. Written to stderr: stdout is for results.
 */
export class ProgressDisplay {
  private timer?: NodeJS.Timeout;
  private started = 0;
  private lastAnswered = 0;
  private lastAt = 0;
  private recentRate = 0;
  private lastPlain = 0;

  constructor(
    private readonly counters: LoadCounters,
    private readonly target: number,
    private readonly label: string | (() => string),
    private readonly stream: ProgressStream = process.stderr,
    private readonly plainEveryMs = 5_000,
  ) {}

  start(): void {
    this.started = this.lastAt = this.lastPlain = performance.now();
    this.timer = setInterval(() => this.draw(false), this.stream.isTTY === true ? 250 : 1_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.draw(true);
  }

  private labelText(): string {
    return typeof this.label === 'string' ? this.label : this.label();
  }

  private draw(final: boolean): void {
    const now = performance.now();
    const answered = this.counters.answered;
    if (now > this.lastAt)
      this.recentRate = ((answered - this.lastAnswered) * 1000) / (now - this.lastAt);
    this.lastAnswered = answered;
    this.lastAt = now;
    if (this.stream.isTTY === true) {
      const width = Math.max(10, Math.min(30, (this.stream.columns ?? 100) - 110));
      this.stream.write(
        `\r\x1b[2K${this.labelText()} ${progressLine(this.counters, this.target, now - this.started, this.recentRate, width)}${final ? '\n' : ''}`,
      );
    } else if (final || now - this.lastPlain >= this.plainEveryMs) {
      this.lastPlain = now;
      this.stream.write(
        `${this.labelText()} ${progressLine(this.counters, this.target, now - this.started, this.recentRate, 0)}\n`,
      );
    }
  }
}
