import { Injectable } from '@nestjs/common';
import { httpThreads, isExtraHttpThread } from '@omni/observability';
import { ConsumerSupervisor, type ConsumerReport } from './consumer-supervisor.service';

/** What a readiness probe on an extra HTTP thread asks the main thread for. */
export const CONSUMERS_TOPIC = 'omni.consumers';

/** How long a probe on an extra HTTP thread waits for the main thread's consumers (ms). */
const MAIN_THREAD_TIMEOUT_MS = 2_000;

/**
 * The consumers `/health/ready` reports. They run on the main thread only (ADR 0040), so a
 * probe that lands on an extra HTTP thread asks the main thread for them, and the process is
 * ready or not whichever thread the probe reaches. A main thread that does not answer is a
 * consumer that is not ready.
 */
@Injectable()
export class ConsumersReadiness {
  constructor(private readonly supervisor: ConsumerSupervisor) {
    if (!isExtraHttpThread()) httpThreads()?.answer(CONSUMERS_TOPIC, () => supervisor.consumers());
  }

  async consumers(): Promise<ConsumerReport[]> {
    const threads = httpThreads();
    if (!isExtraHttpThread() || threads === undefined) return this.supervisor.consumers();
    const { results } = await threads.call(CONSUMERS_TOPIC, undefined, MAIN_THREAD_TIMEOUT_MS);
    // Only the main thread answers with a list; the other extra threads have no handler.
    const lists = results.filter((result): result is ConsumerReport[] => Array.isArray(result));
    if (lists.length > 0) return lists.flat();
    return [
      {
        name: 'main thread',
        status: 'failed',
        ready: false,
        gatesReadiness: true,
        error: `the main thread did not report its consumers within ${MAIN_THREAD_TIMEOUT_MS} ms`,
      },
    ];
  }
}
