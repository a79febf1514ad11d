import { fork } from 'node:child_process';
import path from 'node:path';
import { percentile, round } from './stats';

export type FloorServer = {
  /** `http://127.0.0.1:<port>`, where every request is answered. */
  url: string;
  close(): Promise<void>;
};

/**
 * A run's figures against its floor: the floor's p50 and p99 (ms, rounded to 0.01) and the
 * service's p99 over the floor's, as every latency bench reports them (ADR 0036).
 */
export function floorMetrics(p99Ms: number, floorLatencies: readonly number[]) {
  const floorP99Ms = round(percentile(floorLatencies, 99), 2);
  return {
    floorP50Ms: round(percentile(floorLatencies, 50), 2),
    floorP99Ms,
    p99OverFloor: round(p99Ms / floorP99Ms, 2),
  };
}

/**
 * A latency floor for an HTTP bench (ADR 0036): a bare `node:http` server on loopback, in a
 * child process of its own, that reads each request to its end and answers it with status 200
 * and the same bytes (a real answer of the service, taken before the runs), doing nothing
 * else. The bench's own load generator, at the service's offered rate and in the same run,
 * measures on it what the machine, loopback and the generator add to every request: the least
 * a p99 can be on this machine at that moment, whatever the service does.
 */
export function startFloorServer(
  answer: string | Uint8Array,
  contentType = 'application/json; charset=utf-8',
): Promise<FloorServer> {
  const bytes = typeof answer === 'string' ? Buffer.from(answer, 'utf8') : Buffer.from(answer);
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'floor-server.cjs'), [], {
      serialization: 'advanced',
      execArgv: [],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the floor server exited with ${code}`)));
    child.once('message', ({ port }: { port: number }) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: async () => {
          child.kill();
          await exited;
        },
      }),
    );
    child.send({ answer: bytes, contentType });
  });
}
