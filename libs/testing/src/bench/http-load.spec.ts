import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runHttpLoad, type HttpLoadOptions } from './http-load';

const dir = mkdtempSync(path.join(tmpdir(), 'http-load-'));
const checkModule = (name: string, body: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return file;
};

type Seen = { paths: Set<string>; auth: Set<string>; bodies: Set<string>; requests: number };

/**
 * A server answering every request with `status` and `{"echo":<its body>}`, with its length or
 * chunked; the first `slow` requests it answers `slowMs` late.
 */
async function serve(
  status = 200,
  chunked = false,
  { slow = 0, slowMs = 0 } = {},
): Promise<{ server: Server; port: number; seen: Seen }> {
  const seen: Seen = { paths: new Set(), auth: new Set(), bodies: new Set(), requests: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    const late = seen.requests++ < slow;
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.paths.add(`${request.method} ${request.url}`);
      seen.auth.add(request.headers.authorization ?? '');
      seen.bodies.add(body);
      const answer = `{"echo":${body}}`;
      const send = () => {
        response.writeHead(status, {
          'content-type': 'application/json',
          ...(chunked ? {} : { 'content-length': Buffer.byteLength(answer) }),
        });
        response.end(answer);
      };
      if (late) setTimeout(send, slowMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

const options = (port: number, extra: Partial<HttpLoadOptions> = {}): HttpLoadOptions => ({
  port,
  path: '/v1/things',
  token: 't0ken',
  bodies: ['{"n":0}', '{"n":1}', '{"n":2}'],
  mode: 'saturation',
  seconds: 0.3,
  rate: 200,
  concurrency: 4,
  checkEvery: 1,
  ...extra,
});

describe('runHttpLoad', () => {
  let served: Awaited<ReturnType<typeof serve>>;
  afterEach(() => new Promise((resolve) => served.server.close(resolve)));

  it('POSTs every body in turn to the path with the token, back to back at saturation', async () => {
    served = await serve();
    const result = await runHttpLoad(options(served.port));
    expect(result.done).toBeGreaterThan(3);
    expect(result.seconds).toBeGreaterThanOrEqual(0.3);
    expect(result.latencies).toBeUndefined();
    expect([...served.seen.paths]).toEqual(['POST /v1/things']);
    expect([...served.seen.auth]).toEqual(['Bearer t0ken']);
    expect([...served.seen.bodies].sort()).toEqual(['{"n":0}', '{"n":1}', '{"n":2}']);
  });

  it('sends an offered run on its schedule and gives each request its latency', async () => {
    served = await serve();
    const result = await runHttpLoad(
      options(served.port, { mode: 'offered', seconds: 0.5, warmupSeconds: 0 }),
    );
    expect(served.seen.requests).toBe(100);
    expect(result.done).toBe(100);
    expect(result.latencies).toHaveLength(100);
    expect(Math.min(...result.latencies!)).toBeGreaterThan(0);
    expect(result.delayP99Ms).toBeGreaterThan(0);
    expect(Number.isFinite(result.sendLateP99Ms)).toBe(true);
    expect(result.sendLateP99Ms).toBeGreaterThanOrEqual(0);
    expect(result.cpuUsPerRequest).toBeGreaterThan(0);
  });

  it('sends the warm-up of an offered run on the same schedule and leaves it out of the latencies', async () => {
    const warming = { mode: 'offered', seconds: 0.5, rate: 100, warmupSeconds: 1 } as const;
    served = await serve(200, false, { slow: 2, slowMs: 250 });
    const warmed = await runHttpLoad(options(served.port, warming));
    expect(served.seen.requests).toBe(150);
    expect(warmed.done).toBe(50);
    expect(warmed.latencies).toHaveLength(50);
    expect(warmed.seconds).toBeGreaterThan(0.45);
    expect(warmed.seconds).toBeLessThan(1);
    expect(Math.max(...warmed.latencies!)).toBeLessThan(250);
    await new Promise((resolve) => served.server.close(resolve));
    // The same slow start without a warm-up is measured.
    served = await serve(200, false, { slow: 2, slowMs: 250 });
    const cold = await runHttpLoad(options(served.port, { ...warming, warmupSeconds: 0 }));
    expect(cold.done).toBe(50);
    expect(Math.max(...cold.latencies!)).toBeGreaterThanOrEqual(250);
  });

  it('warms an offered run up for a second unless told otherwise, and refuses a negative warm-up', async () => {
    served = await serve();
    const result = await runHttpLoad(options(served.port, { mode: 'offered', seconds: 0.2 }));
    expect(result.done).toBe(40);
    expect(served.seen.requests).toBe(240);
    await expect(
      runHttpLoad(options(served.port, { mode: 'offered', warmupSeconds: -1 })),
    ).rejects.toThrow('warmupSeconds must be a number of seconds ≥ 0, got -1');
  });

  it('hands answers to the check module, and fails the run when it throws', async () => {
    served = await serve();
    const accepting = checkModule(
      'accepting.cjs',
      `exports.check = (body) => { if (!JSON.parse(body.toString()).echo) throw new Error('no echo'); };`,
    );
    await expect(runHttpLoad(options(served.port, { check: accepting }))).resolves.toMatchObject({
      seconds: expect.any(Number),
    });
    const refusing = checkModule(
      'refusing.cjs',
      `exports.check = (body) => { throw new Error('wrong answer: ' + body.toString()); };`,
    );
    await expect(runHttpLoad(options(served.port, { check: refusing }))).rejects.toThrow(
      /wrong answer: \{"echo":\{"n":\d\}\}/,
    );
  });

  it('fails the run at an answer that is not 200, naming the path, the status and the body', async () => {
    served = await serve(503);
    await expect(runHttpLoad(options(served.port, { mode: 'offered' }))).rejects.toThrow(
      /\/v1\/things answered 503: \{"echo":\{"n":0\}\}/,
    );
  });

  it('fails the run at an answer without a Content-Length, which it cannot delimit', async () => {
    served = await serve(200, true);
    await expect(runHttpLoad(options(served.port))).rejects.toThrow(
      'an answer without Content-Length',
    );
  });
});
