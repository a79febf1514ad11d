import type { SimulatedEvent } from '@omni/simulator';
import { takeEvents } from '../load/load-scenarios';

/** Events per run of the throughput scenarios (a) and (b): the same events for both. */
export const throughputEventCount = (tiny: boolean): number => (tiny ? 400 : 20_000);

/** Requests (or Kafka sends) in flight at once, each a batch of BATCH_SIZE events. */
export const CONCURRENCY = 8;
export const BATCH_SIZE = 100;

export function throughputEvents(seed: number, tiny: boolean): SimulatedEvent[] {
  return takeEvents(throughputEventCount(tiny), {
    seed,
    people: tiny ? 100 : 1_000,
    days: tiny ? 7 : 30,
  });
}
