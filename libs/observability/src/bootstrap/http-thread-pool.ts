import { Worker, type ResourceLimits } from 'node:worker_threads';
import { HTTP_THREAD_KEY, type HttpThreadData, type ThreadGroup } from './http-threads';

/** Node options a worker accepts and the service needs: module loaders (TypeScript in dev). */
const LOADER_OPTIONS = new Set(['-r', '--require', '--import', '--loader']);

/**
 * The main thread's Node options that a worker thread takes: `--require`, `--import` and
 * `--loader` with their values, and `--enable-source-maps`. V8 flags are the process's and a
 * worker refuses them; the young generation's size is given as a resource limit instead.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i];
    if (LOADER_OPTIONS.has(option) && i + 1 < execArgv.length) {
      kept.push(option, execArgv[++i]);
    } else if (
      option === '--enable-source-maps' ||
      [...LOADER_OPTIONS].some((name) => option.startsWith(`${name}=`))
    ) {
      kept.push(option);
    }
  }
  return kept;
}

/**
 * `--max-semi-space-size=N` of the main thread as a worker's limit, so each thread scavenges as
 * seldom as the main one: V8's young generation is three semi-spaces (two, and as much again
 * for large objects).
 */
export function workerResourceLimits(execArgv: readonly string[]): ResourceLimits {
  const flag = execArgv.find((option) => /^--max[-_]semi[-_]space[-_]size=\d+$/.test(option));
  if (flag === undefined) return {};
  return { maxYoungGenerationSizeMb: 3 * Number(flag.split('=')[1]) };
}

export type ExtraHttpThreadsOptions = {
  count: number;
  data: HttpThreadData;
  /** The main thread's membership: calls stop waiting for a thread that ends. */
  group: ThreadGroup;
  /** A thread that ended or failed while serving (not while closing). */
  onDeath: (message: string) => void;
  /** The script every thread runs: the process's entry (main.ts or main.js) by default. */
  entry?: string;
};

export type ExtraHttpThreads = {
  readonly threads: readonly Worker[];
  /** Resolves once every thread listens; rejects when one fails or ends before it does. */
  readonly listening: Promise<void>;
  /** Closes every thread's app (in-flight requests finish), waits for them to end, leaves the group. */
  close(): Promise<void>;
};

/**
 * Starts `count` extra HTTP threads running the process's entry script. `listening` resolves
 * once each listens and rejects if one fails or ends before that; `close` stops them whether or
 * not they have finished starting (a thread takes "close" once it has built its app).
 */
export function startExtraHttpThreads(options: ExtraHttpThreadsOptions): ExtraHttpThreads {
  const entry = options.entry ?? require.main?.filename ?? process.argv[1];
  const { group } = options;
  let closing = false;
  const threads = Array.from({ length: options.count }, () => {
    const worker = new Worker(entry, {
      argv: process.argv.slice(2),
      execArgv: workerExecArgv(process.execArgv),
      // NODE_OPTIONS may carry the flag too (the process took it; execArgv does not list it).
      resourceLimits: workerResourceLimits([
        ...process.execArgv,
        ...(process.env.NODE_OPTIONS ?? '').split(/\s+/),
      ]),
      workerData: { [HTTP_THREAD_KEY]: options.data },
    });
    const id = worker.threadId;
    let ready = false;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const listening = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: unknown) => {
        if (message !== 'ready') return;
        ready = true;
        resolve();
      });
      worker.on('error', (error: Error) => {
        if (!ready) reject(error);
        else if (!closing) options.onDeath(`HTTP thread ${id} failed: ${error.message}`);
      });
      worker.once('exit', (code) => {
        group.left(id);
        if (!ready)
          reject(new Error(`HTTP thread ${id} exited with code ${code} before it listened`));
        else if (!closing) options.onDeath(`HTTP thread ${id} exited with code ${code}`);
      });
    });
    return { worker, exited, listening };
  });
  return {
    threads: threads.map((thread) => thread.worker),
    listening: Promise.all(threads.map((thread) => thread.listening)).then(() => undefined),
    async close() {
      closing = true;
      for (const { worker } of threads) worker.postMessage('close');
      await Promise.all(threads.map((thread) => thread.exited));
      group.close();
    },
  };
}
