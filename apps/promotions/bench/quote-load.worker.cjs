// Load generator of the promotions quote benches, on a worker thread so that building requests,
// reading the ~34 KB answers and their garbage do not share the service's event loop (the
// worker still shares the machine's 2 cores).
// workerData: { undici, token, bodies }. Each message { url, mode: 'saturation' | 'offered',
// seconds, rate, concurrency, first } runs one phase and is answered with
// { done, seconds, latencies? } or { error }.
const { parentPort, workerData } = require('node:worker_threads');
const { Pool } = require(workerData.undici);

const { token, bodies } = workerData;
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pools = new Map();
// At most as many sockets as the in-process generator kept in flight before it waited.
const poolOf = (url) => {
  if (!pools.has(url)) pools.set(url, new Pool(url, { connections: 256, pipelining: 1 }));
  return pools.get(url);
};

async function once(pool, n) {
  const { statusCode, body } = await pool.request({
    path: '/v1/quotes',
    method: 'POST',
    headers,
    body: bodies[n % bodies.length],
  });
  const text = await body.text();
  if (statusCode !== 200 || !/,"hash":"[0-9a-f]{64}"}$/.test(text))
    throw new Error(`quote answered ${statusCode}: ${text.slice(0, 300)}`);
}

async function saturation(pool, { seconds, concurrency, first }) {
  let done = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let n = first + client; performance.now() < until; n += concurrency) {
        await once(pool, n);
        done += 1;
      }
    }),
  );
  return { done, seconds: (performance.now() - started) / 1000 };
}

// Requests sent on a fixed schedule; latency counts from when each was due, so a backlog shows
// (no coordinated omission), or from its send when that was up to 1 ms early.
async function offered(pool, { seconds, rate, first }) {
  const latencies = [];
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight = new Set();
  let failure;
  for (let n = 0; n < total && failure === undefined; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    // One sent up to 1 ms early (a timer's resolution) counts from its send.
    const since = Math.min(due, performance.now());
    const request = once(pool, first + n).then(
      () => {
        latencies.push(performance.now() - since);
        inFlight.delete(request);
      },
      (error) => {
        failure ??= error;
        inFlight.delete(request);
      },
    );
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return { done: total, seconds: (performance.now() - started) / 1000, latencies };
}

parentPort.on('message', (phase) => {
  const pool = poolOf(phase.url);
  (phase.mode === 'saturation' ? saturation(pool, phase) : offered(pool, phase))
    .then((result) => parentPort.postMessage(result))
    .catch((error) => parentPort.postMessage({ error: String(error?.stack ?? error) }));
});
parentPort.postMessage({ ready: true });
