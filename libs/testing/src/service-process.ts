import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

export type ServiceProcess = {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** `performance.now()` when the process was spawned, for timing its start-up. */
  spawnedAt: number;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** The URL of `path` on this process. */
  url(path?: string): string;
  /** Sends `signal` if the process still runs, then waits for it to exit; answers the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const serviceUrl = (port: number, path: string): string => `http://127.0.0.1:${port}${path}`;

async function stopProcess(
  proc: Pick<ServiceProcess, 'child' | 'exited'>,
  signal: NodeJS.Signals,
): Promise<number | string> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
  return proc.exited;
}

function spawnEntry(entry: string, argv: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['-r', path.join(root, 'tools/ts-register.cjs'), path.join(root, entry), ...argv],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => output, exited };
}

/**
 * Runs a TypeScript entry point (e.g. apps/pricing/src/main.ts) as a real Node process. With
 * `waitFor` (a path such as `/health/ready`), resolves once that path answers 2xx; a process that
 * does not within `waitForMs` (default 60 s) is killed and its output is in the error.
 */
export async function startServiceProcess(
  entry: string,
  env: Record<string, string>,
  options: { waitFor?: string; waitForMs?: number } = {},
): Promise<ServiceProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const spawnedAt = performance.now();
  const started = spawnEntry(entry, [], { LOG_LEVEL: 'warn', PORT: String(port), ...env });
  const proc: ServiceProcess = {
    ...started,
    port,
    spawnedAt,
    url: (path = '') => serviceUrl(port, path),
    stop: (signal = 'SIGTERM') => stopProcess(started, signal),
  };
  if (options.waitFor === undefined) return proc;
  try {
    await waitForHttpOk(proc.url(options.waitFor), options.waitForMs);
    return proc;
  } catch (error) {
    await proc.stop('SIGKILL');
    throw new Error(`${entry} did not start: ${String(error)}\n${proc.output()}`);
  }
}

/** The processes of one service that a spec starts (e.g. to kill and restart), stopped together. */
export type ServiceProcesses = {
  /** Starts one more process with `env` over the spec's, waiting for `waitFor` when given. */
  start(options?: { env?: Record<string, string>; waitFor?: string }): Promise<ServiceProcess>;
  /** Stops every process still running with `signal`, one after the other. */
  stopAll(signal?: NodeJS.Signals): Promise<void>;
};

/** `env` is read at each start, so a spec can fill it in `beforeAll`. */
export function serviceProcesses(
  entry: string,
  env: () => Record<string, string>,
): ServiceProcesses {
  const started: ServiceProcess[] = [];
  return {
    async start(options = {}) {
      const proc = await startServiceProcess(
        entry,
        { ...env(), ...options.env },
        { waitFor: options.waitFor },
      );
      started.push(proc);
      return proc;
    },
    async stopAll(signal = 'SIGTERM') {
      for (const proc of started) await proc.stop(signal);
    },
  };
}

/** Runs a TypeScript entry point to completion (e.g. a service's `migrate.ts up`); throws unless it exits 0. */
export async function runToCompletion(
  entry: string,
  argv: string[],
  env: Record<string, string>,
): Promise<void> {
  const proc = spawnEntry(entry, argv, env);
  const code = await proc.exited;
  if (code !== 0)
    throw new Error(`${entry} ${argv.join(' ')} exited with ${code}: ${proc.output()}`);
}

/** Polls a URL until it answers 2xx or the timeout passes. */
export async function waitForHttpOk(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs} ms (last: ${last})`);
}
