import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

/** The fixture service running as a real process, on two HTTP threads unless told otherwise. */
type ThreadedService = {
  child: ChildProcess;
  /** Known once the service listens: it is started on port 0 and logs the port it got. */
  port: number;
  output: () => string;
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string>;
  /** Responses the service has sent to this spec so far. */
  answered: number;
};

/** What the main thread logs once every thread listens, with the port it was given for port 0. */
const listeningOnTwoThreads =
  /listening on http:\/\/127\.0\.0\.1:(\d+) \(docs at \/docs\) on 2 threads/;

type Answer = { status: number; thread: number; body: string };

describe('a service serving HTTP on two threads of one process', () => {
  const started: ThreadedService[] = [];

  afterEach(async () => {
    for (const service of started.splice(0)) {
      if (service.child.exitCode === null && service.child.signalCode === null) {
        service.child.kill('SIGKILL');
      }
      await service.exited;
    }
  });

  async function until<T>(
    check: () => T | undefined | null | false,
    what: string,
    service: ThreadedService,
  ): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; service output:\n${service.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function startService(env: Record<string, string> = {}): Promise<ThreadedService> {
    const child = spawn(
      process.execPath,
      ['-r', './tools/ts-register.cjs', 'libs/observability/test/fixtures/threaded-service.ts'],
      {
        cwd: root,
        env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const service: ThreadedService = {
      child,
      port: 0,
      output: () => output,
      exited: new Promise((resolve) =>
        child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
      ),
      answered: 0,
    };
    started.push(service);
    return service;
  }

  /**
   * Started, and listening on both threads: the main thread logs its port once the others
   * listen on it too.
   */
  async function startListening(): Promise<ThreadedService> {
    const service = await startService();
    const [, port] = await until(
      () => listeningOnTwoThreads.exec(service.output()),
      'the service to listen on 2 threads',
      service,
    );
    service.port = Number(port);
    return service;
  }

  /** One request on a connection of its own, so the kernel picks a thread for each. */
  function send(service: ThreadedService, method: string, path: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const sent = request(
        { host: '127.0.0.1', port: service.port, method, path, agent: false },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            service.answered++;
            resolve({
              status: response.statusCode ?? 0,
              thread: Number(response.headers['x-thread']),
              body,
            });
          });
          response.on('error', reject);
        },
      );
      sent.on('error', reject);
      sent.end();
    });
  }

  async function sendMany(service: ThreadedService, count: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let i = 0; i < count; i++) answers.push(await send(service, 'GET', '/thread'));
    return answers;
  }

  /** The samples of one metric in a scrape, by their labels. */
  function samples(scrape: string, metric: string): { labels: string; value: number }[] {
    return [...scrape.matchAll(new RegExp(`^${metric}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm'))].map(
      ([, labels = '', value]) => ({ labels, value: Number(value) }),
    );
  }

  /** User CPU the whole process has used so far, in seconds, from /proc (10 ms ticks). */
  function processUserCpuSeconds(pid: number): number {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) / 100;
  }

  it('connections of their own reach both threads', async () => {
    const service = await startListening();

    const answers = await sendMany(service, 40);

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const threads = new Set(
      answers.map((answer) => (JSON.parse(answer.body) as { thread: number }).thread),
    );
    expect(threads.size).toBe(2);
    expect(threads).toContain(0);
  });

  it("/metrics, whichever thread answers it, adds up both threads' counters and counts the process's figures once", async () => {
    const service = await startListening();
    await sendMany(service, 40);

    const scrapedBy = new Set<number>();
    for (let scrapes = 0; scrapedBy.size < 2 && scrapes < 40; scrapes++) {
      // A scrape counts itself only once it has answered: it sees every response before it.
      const sentBefore = service.answered;
      const scrape = await send(service, 'GET', '/metrics');
      scrapedBy.add(scrape.thread);
      const served = samples(scrape.body, 'omni_http_thread_requests_total');
      const cpu = samples(scrape.body, 'omni_process_cpu_user_seconds_total');

      expect(scrape.status).toBe(200);
      expect(served.map((sample) => /thread="(\d+)"/.exec(sample.labels)?.[1]).sort()).toEqual([
        '0',
        expect.stringMatching(/^[1-9]\d*$/),
      ]);
      expect(served.reduce((sum, sample) => sum + sample.value, 0)).toBe(sentBefore);
      expect(cpu).toHaveLength(1);
      // Every thread reading the process's CPU would add up to a multiple of what it used.
      expect(cpu[0].value).toBeLessThanOrEqual(processUserCpuSeconds(service.child.pid!) + 0.02);
      // prom-client's aggregation drops a metric marked `omit`; the main thread's is kept.
      expect(samples(scrape.body, 'omni_process_start_time_seconds')).toHaveLength(1);
    }
    expect(scrapedBy.size).toBe(2);
  });

  it('SIGTERM lets the requests in flight on both threads finish, then the process exits 0', async () => {
    const service = await startListening();

    const inFlight: Promise<Answer>[] = [];
    const startedOn = new Set<number>();
    for (let id = 0; startedOn.size < 2 && id < 40; id++) {
      inFlight.push(send(service, 'GET', `/slow?ms=1500&id=${id}`));
      const line = await until(
        () => new RegExp(`slow request ${id} started on thread (\\d+)`).exec(service.output()),
        `slow request ${id} to start`,
        service,
      );
      startedOn.add(Number(line[1]));
    }
    service.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);

    expect(startedOn.size).toBe(2);
    expect(answers.map((answer) => answer.status)).toEqual(inFlight.map(() => 200));
    expect(new Set(answers.map((answer) => answer.thread))).toEqual(startedOn);
    await expect(service.exited).resolves.toBe(0);
    expect(service.output()).toContain('SIGTERM received: draining and shutting down');
  });

  it('an extra thread that dies while serving makes the process exit 1, naming the thread', async () => {
    const service = await startListening();

    let exit: Answer;
    let tries = 0;
    do {
      exit = await send(service, 'POST', '/exit');
      tries++;
    } while (exit.status === 409 && tries < 40);

    expect(exit.status).toBe(200);
    const { thread } = JSON.parse(exit.body) as { thread: number };
    expect(thread).not.toBe(0);
    await expect(service.exited).resolves.toBe(1);
    expect(service.output()).toContain(`HTTP thread ${thread} exited with code 3`);
  });

  it('an extra thread that fails before it listens makes the process exit 1', async () => {
    const service = await startService({ FAIL_EXTRA_THREAD: '1' });

    await expect(service.exited).resolves.toBe(1);
    expect(service.output()).toContain('an HTTP thread did not start');
    expect(service.output()).not.toContain('threaded-fixture listening on');
  });
});
