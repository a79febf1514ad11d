import type { SimulatedEvent } from '@omni/simulator';
import type { LoadCounters } from './load-counters';

export type Via = 'http' | 'kafka';
export const VIAS: readonly Via[] = ['http', 'kafka'];

/** Delivers events to the platform and keeps the counters up to date. */
export interface EventSender {
  readonly via: Via;
  readonly counters: LoadCounters;
  /** Queues one event; resolves once there is room (at most `maxInFlight` events outstanding). */
  send(event: SimulatedEvent): Promise<void>;
  /** Delivers everything queued and waits for the answers. */
  close(): Promise<void>;
}

/** Resolves waiters whenever answers come in, so a sender can hold back until there is room. */
export class Backpressure {
  private waiters: (() => void)[] = [];

  constructor(
    private readonly counters: LoadCounters,
    private readonly maxInFlight: number,
  ) {}

  async room(): Promise<void> {
    while (this.counters.inFlight >= this.maxInFlight) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  released(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
