/** The gate already has as many tasks waiting as the caller allows. */
export class GateFullError extends Error {
  constructor() {
    super('too many tasks waiting');
    this.name = 'GateFullError';
  }
}

/** Runs at most `concurrency` tasks at once; the others wait their turn, first come first served. */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  /** Runs `task` in turn, or throws GateFullError at once when `maxWaiting` tasks already wait. */
  async run<T>(task: () => Promise<T>, maxWaiting = Number.POSITIVE_INFINITY): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= maxWaiting) throw new GateFullError();
      // The finishing task hands its slot over, so `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next();
    }
  }
}
