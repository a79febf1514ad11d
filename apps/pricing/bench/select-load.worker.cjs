// Load generator of the pricing bench's select scenario, on a worker thread so it does not
// share the service's event loop (it still shares the machine's 2 cores).
// workerData: { undici, url, token, bodies, mode: 'saturation' | 'offered', seconds, rate, concurrency }
// Posts back { done, seconds, latencies?, delayP99Ms? } or { error }: delayP99Ms is this
// thread's own event-loop delay in the offered run, whose stalls delay sending and reading.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { parentPort, workerData } = require('node:worker_threads');
const { Pool } = require(workerData.undici);

const { url, token, bodies, mode, seconds, rate, concurrency } = workerData;
const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function once(n) {
  const { statusCode, body } = await pool.request({
    path: '/v1/prices/select',
    method: 'POST',
    headers,
    body: bodies[n % bodies.length],
  });
  const text = await body.text();
  if (statusCode !== 200 || text.includes('"no_price"'))
    throw new Error(`select answered ${statusCode}: ${text.slice(0, 300)}`);
}

async function saturation() {
  let done = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let n = client; performance.now() < until; n += concurrency) {
        await once(n);
        done += 1;
      }
    }),
  );
  return { done, seconds: (performance.now() - started) / 1000 };
}

// Requests sent on a fixed schedule; latency counts from when each was due (no coordinated omission).
async function offered() {
  const latencies = [];
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const inFlight = new Set();
  let failure;
  for (let n = 0; n < total && failure === undefined; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const request = once(n).then(
      () => {
        latencies.push(performance.now() - due);
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
  delay.disable();
  if (failure !== undefined) throw failure;
  return {
    done: total,
    seconds: (performance.now() - started) / 1000,
    latencies,
    delayP99Ms: delay.percentile(99) / 1e6,
  };
}

(mode === 'saturation' ? saturation() : offered())
  .then((result) => parentPort.postMessage(result))
  .catch((error) => parentPort.postMessage({ error: String(error?.stack ?? error) }))
  .finally(() => pool.close());
