import { Logger } from '@nestjs/common';
import type { BatchConsumer, ConsumerStatus } from '../consumer/batch-consumer';
import { ConsumerSupervisor } from './consumer-supervisor.service';

/**
 * A consumer whose start fails `failures` times, then joins when `join` is called; `crash`
 * makes the running one crash for good, as kafkajs does on a non-retriable error.
 */
class ScriptedConsumer implements BatchConsumer {
  starts = 0;
  stops = 0;
  state: ConsumerStatus = 'stopped';
  join: () => void = () => undefined;
  crash: (error: Error) => void = () => undefined;
  private crashes = new Promise<unknown>(() => undefined);

  constructor(private failures = 0) {}

  start(): Promise<void> {
    this.starts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      this.state = 'failed';
      return Promise.reject(new Error('broker unreachable'));
    }
    this.state = 'joining';
    this.crashes = new Promise((resolve) => {
      this.crash = (error) => {
        this.state = 'failed';
        resolve(error);
      };
    });
    return new Promise((resolve) => {
      this.join = () => {
        this.state = 'consuming';
        resolve();
      };
    });
  }

  async stop(): Promise<void> {
    this.stops += 1;
    this.state = 'stopped';
  }

  status(): ConsumerStatus {
    return this.state;
  }

  crashed(): Promise<unknown> {
    return this.crashes;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ConsumerSupervisor', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  it('returns at once while the consumer is still joining, which counts as ready', async () => {
    const supervisor = new ConsumerSupervisor();
    const consumer = new ScriptedConsumer();
    supervisor.run(consumer, { name: 'identity-resolution', gatesReadiness: true });
    await flush();
    expect(supervisor.consumers()).toEqual([
      { name: 'identity-resolution', gatesReadiness: true, status: 'joining', ready: true },
    ]);
    consumer.join();
    await flush();
    expect(supervisor.consumers()[0]).toMatchObject({ status: 'consuming', ready: true });
  });

  it('starts a consumer whose start failed again after a backoff, and is not ready meanwhile', async () => {
    const supervisor = new ConsumerSupervisor();
    const consumer = new ScriptedConsumer(2);
    supervisor.run(consumer, { name: 'ingest-raw', gatesReadiness: false });
    await flush();
    expect([consumer.starts, supervisor.consumers()[0].ready]).toEqual([1, false]);
    // Backoff: 0.5 to 1 s after the first failure, 1 to 2 s after the second.
    await waitFor(() => consumer.starts === 3);
    expect(supervisor.consumers()[0]).toMatchObject({ status: 'joining', ready: true });
    await supervisor.stopAll();
  });

  it('starts a consumer that crashed for good again, reporting the crash until it runs', async () => {
    const supervisor = new ConsumerSupervisor();
    const consumer = new ScriptedConsumer();
    supervisor.run(consumer, { name: 'crm', gatesReadiness: true });
    await flush();
    consumer.join();
    await flush();
    consumer.crash(new Error('The group member protocol is not supported'));
    await flush();
    expect(supervisor.consumers()[0]).toEqual({
      name: 'crm',
      gatesReadiness: true,
      status: 'failed',
      ready: false,
      error: 'Error: The group member protocol is not supported',
    });
    await waitFor(() => consumer.starts === 2);
    expect(supervisor.consumers()[0]).toEqual({
      name: 'crm',
      gatesReadiness: true,
      status: 'joining',
      ready: true,
    });
    await supervisor.stopAll();
  });

  it('stops every consumer on stopAll and starts none after it', async () => {
    const supervisor = new ConsumerSupervisor();
    const joined = new ScriptedConsumer();
    const failing = new ScriptedConsumer(1);
    supervisor.run(joined, { name: 'a', gatesReadiness: true });
    supervisor.run(failing, { name: 'b', gatesReadiness: true });
    await flush();
    await supervisor.stopAll();
    // Longer than the first backoff can be.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect([joined.stops, failing.stops, failing.starts]).toEqual([1, 1, 1]);
    expect(supervisor.consumers()).toEqual([]);
  });
});
