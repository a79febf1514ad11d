import { Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

class Probe extends PeriodicTask {
  runs = 0;
  concurrent = 0;
  maxConcurrent = 0;
  failNext = false;
  release?: () => void;
  hold = false;

  constructor(private readonly every: number) {
    super('Probe');
  }

  protected everyMs(): number {
    return this.every;
  }

  protected async runOnce(): Promise<string | undefined> {
    this.runs += 1;
    this.concurrent += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    try {
      if (this.hold) await new Promise<void>((resolve) => (this.release = resolve));
      if (this.failNext) {
        this.failNext = false;
        throw new Error('database went away');
      }
      return this.runs === 1 ? `run ${this.runs}` : undefined;
    } finally {
      this.concurrent -= 1;
    }
  }
}

describe('PeriodicTask', () => {
  let log: jest.SpyInstance;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('runs every interval once the application has started, and logs a summary when there is one', async () => {
    const task = new Probe(1_000);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(task.runs).toBe(0);
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(task.runs).toBe(3);
    expect(log.mock.calls).toEqual([['run 1']]);
    await task.beforeApplicationShutdown();
  });

  it('never runs when its interval is 0', async () => {
    const task = new Probe(0);
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(task.runs).toBe(0);
  });

  it('skips the ticks that find a run in progress', async () => {
    const task = new Probe(100);
    task.hold = true;
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(task.runs).toBe(1);
    task.hold = false;
    task.release?.();
    await jest.advanceTimersByTimeAsync(300);
    expect(task.runs).toBe(4);
    expect(task.maxConcurrent).toBe(1);
    await task.beforeApplicationShutdown();
  });

  it('logs a failed run and retries at the next tick', async () => {
    const task = new Probe(100);
    task.failNext = true;
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100);
    expect(warn.mock.calls).toEqual([['run failed, the next one retries: database went away']]);
    await jest.advanceTimersByTimeAsync(100);
    expect(task.runs).toBe(2);
    await task.beforeApplicationShutdown();
  });

  it('waits for the run in progress at shutdown and runs no more after it', async () => {
    const task = new Probe(100);
    task.hold = true;
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = task.beforeApplicationShutdown().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(500);
    expect(stopped).toBe(false);
    task.release?.();
    await stopping;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(task.runs).toBe(1);
  });

  it('runNow joins the run in progress instead of starting another', async () => {
    const task = new Probe(0);
    task.hold = true;
    const first = task.runNow();
    const second = task.runNow();
    task.release?.();
    await Promise.all([first, second]);
    expect(task.runs).toBe(1);
  });
});
