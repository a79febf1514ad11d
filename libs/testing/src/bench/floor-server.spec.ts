import { request } from 'node:http';
import { floorMetrics, startFloorServer, type FloorServer } from './floor-server';

/** One request on a keep-alive agent, answered as status, content type and body text. */
function post(url: string, body: string, agent?: import('node:http').Agent) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const outgoing = request(
      `${url}/v1/anything`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: String(response.headers['content-type']),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('startFloorServer', () => {
  let floor: FloorServer | undefined;
  afterEach(async () => {
    await floor?.close();
    floor = undefined;
  });

  it('answers every request with the given bytes, whatever it was sent', async () => {
    const answer = JSON.stringify({ total: 1_000, note: '滿300減50', hash: 'a'.repeat(64) });
    floor = await startFloorServer(answer);
    const first = await post(floor.url, '{"lines":[]}');
    const second = await post(floor.url, 'x'.repeat(100_000));
    expect(first).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: answer });
    expect(second.body).toBe(answer);
  });

  it('keeps a connection for the next request, as a load generator expects', async () => {
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    floor = await startFloorServer(Buffer.from('{"ok":true}'), 'application/json');
    const sockets = new Set<unknown>();
    agent.on('free', (socket) => sockets.add(socket));
    for (let n = 0; n < 3; n++)
      expect((await post(floor.url, '{}', agent)).body).toBe('{"ok":true}');
    expect(sockets.size).toBe(1);
    agent.destroy();
  });

  it('closes with connections still open', async () => {
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true });
    floor = await startFloorServer('{}');
    await post(floor.url, '{}', agent);
    const closing = floor;
    floor = undefined;
    await expect(closing.close()).resolves.toBeUndefined();
    await expect(post(closing.url, '{}')).rejects.toThrow();
    agent.destroy();
  });
});

describe('floorMetrics', () => {
  it('gives the floor’s p50 and p99 and the p99 over the floor’s, rounded as the benches report them', () => {
    const floor = Array.from({ length: 100 }, (_, i) => (i + 1) / 8);
    expect(floorMetrics(37.125, floor)).toEqual({
      floorP50Ms: 6.25,
      floorP99Ms: 12.38,
      p99OverFloor: 3,
    });
  });
});
