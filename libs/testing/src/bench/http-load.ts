import path from 'node:path';
import { runLoadProcess } from './load-process';
import { percentile } from './stats';

export type HttpLoadOptions = {
  /** The service's port on 127.0.0.1. */
  port: number;
  /** The path every request is POSTed to, e.g. `/v1/prices/select`. */
  path: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** JSON request bodies, sent in turn (request n gets bodies[n % length]). */
  bodies: readonly string[];
  /** `saturation`: `concurrency` requests always in flight; `offered`: `rate` a second on a schedule. */
  mode: 'saturation' | 'offered';
  seconds: number;
  rate: number;
  /** Kept-alive connections. */
  concurrency: number;
  /** Every checkEvery-th answer is handed to `check`; every answer's status must be 200. */
  checkEvery: number;
  /** A CommonJS module exporting `check(body: Buffer)`, which throws on a wrong answer. */
  check?: string;
  /**
   * Offered runs: seconds of the same schedule sent first and not measured, while the load
   * process's code and connections warm up (default 1; 0 for none). `seconds` are measured
   * after them.
   */
  warmupSeconds?: number;
};

export type HttpLoadResult = {
  done: number;
  seconds: number;
  /** Offered runs: each measured request's latency in ms, from when it was due (no warm-up). */
  latencies?: Float64Array;
  /** Offered runs: the load process's own event-loop delay p99, in ms. */
  delayP99Ms?: number;
  /**
   * Offered runs: the p99 of how late each measured request left the load process after it was
   * due (0 for one on time), in ms: the generator's own part of the latencies' tail.
   */
  sendLateP99Ms?: number;
  /** The load process's CPU time (user + system, µs) per measured request. */
  cpuUsPerRequest: number;
};

/** An offered run's unmeasured first second (HttpLoadOptions.warmupSeconds). */
const DEFAULT_WARMUP_SECONDS = 1;

/**
 * One phase of HTTP load from a child process of its own (http-load.cjs): cheap per request,
 * so what it measures is the service, not the generator.
 */
export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const { warmupSeconds = DEFAULT_WARMUP_SECONDS } = options;
  if (!Number.isFinite(warmupSeconds) || warmupSeconds < 0)
    throw new Error(`warmupSeconds must be a number of seconds ≥ 0, got ${warmupSeconds}`);
  const { sendLate, ...result } = await runLoadProcess<
    HttpLoadResult & { sendLate?: Float64Array }
  >(path.join(__dirname, 'http-load.cjs'), { ...options, warmupSeconds }, 'the HTTP load process');
  if (sendLate === undefined) return result;
  return {
    ...result,
    sendLateP99Ms: sendLate.length === 0 ? 0 : percentile(Array.from(sendLate), 99),
  };
}
