import { countReaches } from './eventually';
import { serviceProcesses, type ServiceProcess } from './service-process';
import type { TestDatabase } from './test-infra';
import { topicClients, type TopicClients } from './topic-events';

/** What a spec needs to run a service as processes: its database, environment, and clean-up. */
export type ServiceTestSetup = {
  db: TestDatabase;
  env: Record<string, string>;
  /** Deletes what the setup created (topics, database). */
  drop(): Promise<void>;
};

export type ServiceProcessHarness<S extends ServiceTestSetup> = {
  /** The setup, once `beforeAll` has made it. */
  readonly setup: S;
  /** A producer and a reader of the topic named by `options.read`, once `beforeAll` has run. */
  readonly kafka: TopicClients;
  /**
   * Starts one more process of the service with `env` over the setup's, waiting for `waitFor`
   * (default: the harness's).
   */
  start(options?: { env?: Record<string, string>; waitFor?: string }): Promise<ServiceProcess>;
  /** Runs a `SELECT count(…)::int AS n …` on the service's database. */
  count(sql: string, params?: unknown[]): Promise<number>;
};

/**
 * The preamble of a spec that starts, kills and restarts a service's processes: `beforeAll`
 * makes the setup (and a producer and reader when `read` names a topic), `afterAll` stops every
 * process still running with `stopWith` (default SIGKILL: the spec has checked what it wanted,
 * and nothing waits out a drain), then closes the clients and drops the setup. Each process
 * started waits for `waitFor` (a path such as `/health/live`) unless its start says otherwise.
 */
export function serviceProcessHarness<S extends ServiceTestSetup>(
  entry: string,
  makeSetup: () => Promise<S>,
  options: { stopWith?: NodeJS.Signals; read?: (setup: S) => string; waitFor?: string } = {},
): ServiceProcessHarness<S> {
  let setup: S | undefined;
  let kafka: TopicClients | undefined;
  const processes = serviceProcesses(entry, () => ready(setup, 'setup').env);

  beforeAll(async () => {
    setup = await makeSetup();
    if (options.read) kafka = await topicClients(options.read(setup));
  });

  afterAll(async () => {
    await processes.stopAll(options.stopWith ?? 'SIGKILL');
    await kafka?.close();
    await setup?.drop();
  });

  return {
    get setup() {
      return ready(setup, 'setup');
    },
    get kafka() {
      return ready(kafka, 'kafka (pass `read`)');
    },
    start: (startOptions = {}) => processes.start({ waitFor: options.waitFor, ...startOptions }),
    async count(sql, params = []) {
      const [{ n }] = await ready(setup, 'setup').db.dataSource.query(sql, params);
      return n as number;
    },
  };
}

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the harness's ${what} is made in beforeAll`);
  return value;
}

/**
 * Stops `running` with `signal` once a tenth of a burst of `total` is applied (so a batch is in
 * flight), starts the service again with `restart` and waits until all `total` are applied.
 * Answers how the stopped process exited and how many were applied when it had.
 */
export async function stopMidBurst(options: {
  running: ServiceProcess;
  signal: NodeJS.Signals;
  /** How many of the burst are applied now (rows in the inbox, events resolved). */
  applied: () => Promise<number>;
  total: number;
  restart: () => Promise<unknown>;
}): Promise<{ exit: number | string; appliedAtStop: number }> {
  const { applied, total } = options;
  await countReaches(applied, total / 10, 'the burst to be under way', 120_000);
  const exit = await options.running.stop(options.signal);
  const appliedAtStop = await applied();
  await options.restart();
  await countReaches(applied, total, `all ${total} to be applied after the restart`, 120_000);
  return { exit, appliedAtStop };
}
