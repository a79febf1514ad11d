// Load generator of the crm bench's GET /v1/customers/{id}: a child process of its own (forked by
// crm.bench.ts), so its heap, GC and event loop are not the bench's. In the bench process, whose
// heap holds the simulated events, the Kafka producer and TypeORM, each scavenge during the open
// loop paused sending and reading for 20-90 ms about once a second, and those pauses were the
// GET p99. It shares only the machine's 2 cores with crm and Postgres.
// The parent sends { port, token, ids, mode: 'open' | 'closed', seconds, rate, concurrency,
// timeoutMs } and gets back the loop's result (below, latencies in ms) or { error }.
// Open: `rate` requests a second for `seconds`, each timed from when it was due to be sent (a
// stall is not hidden), waiting for a free connection included; delayP99Ms is this process's
// own event-loop delay meanwhile and cpuMs its CPU. Closed: `concurrency` requests always in flight. Requests go
// over keep-alive connections of one agent (`concurrency` at most); an answer's body is read and
// dropped, its status counted.
'use strict';
const http = require('node:http');
const { monitorEventLoopDelay } = require('node:perf_hooks');

function client({ port, token, ids, concurrency, timeoutMs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = { authorization: `Bearer ${token}` };
  const paths = ids.map((id) => `/v1/customers/${encodeURIComponent(id)}`);
  let next = 0;
  /** One GET of the next customer; `done(status)`, 0 for a failure or a timeout. */
  return (done) => {
    let finished = false;
    const finish = (status) => {
      if (finished) return;
      finished = true;
      done(status);
    };
    const request = http.get(
      { host: '127.0.0.1', port, path: paths[next++ % paths.length], headers, agent },
      (response) => {
        response.on('end', () => finish(response.statusCode ?? 0));
        response.on('error', () => finish(0));
        response.resume();
      },
    );
    request.setTimeout(timeoutMs, () => {
      request.destroy();
      finish(0);
    });
    request.on('error', () => finish(0));
  };
}

function openLoop(get, { rate, seconds, timeoutMs }) {
  const total = rate * seconds;
  const latencies = [];
  const statuses = new Map();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  let settled = 0;
  let sending = true;
  let ended = false;
  return new Promise((resolve) => {
    const end = () => {
      if (ended || sending || settled < sent) return;
      ended = true;
      delay.disable();
      const { user, system } = process.cpuUsage(cpu);
      const elapsed = (performance.now() - started) / 1000;
      const answered = latencies.length - (statuses.get(0) ?? 0);
      resolve({
        achieved: answered / elapsed,
        answered,
        sent,
        latencies: Float64Array.from(latencies),
        statuses: Object.fromEntries(statuses),
        delayP99Ms: delay.percentile(99) / 1e6,
        delayMaxMs: delay.max / 1e6,
        cpuMs: (user + system) / 1000,
      });
    };
    const send = () => {
      // A server far behind the offered rate: the rest would only time out.
      while (sent < total && (statuses.get(0) ?? 0) <= total / 100) {
        const due = started + (sent * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) {
          setTimeout(send, wait);
          return;
        }
        sent++;
        get((status) => {
          const latency = performance.now() - due;
          latencies.push(status === 0 ? Math.max(timeoutMs, latency) : latency);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          settled++;
          end();
        });
      }
      sending = false;
      end();
    };
    send();
  });
}

function closedLoop(get, { concurrency, seconds }) {
  const until = performance.now() + seconds * 1000;
  const latencies = [];
  let failed = 0;
  let running = concurrency;
  const started = performance.now();
  return new Promise((resolve) => {
    const worker = () => {
      if (performance.now() >= until) {
        if (--running === 0)
          resolve({
            perSecond: latencies.length / ((performance.now() - started) / 1000),
            latencies: Float64Array.from(latencies),
            failed,
          });
        return;
      }
      const sent = performance.now();
      get((status) => {
        if (status === 200) latencies.push(performance.now() - sent);
        else failed++;
        worker();
      });
    };
    for (let i = 0; i < concurrency; i++) worker();
  });
}

process.once('message', (options) => {
  const get = client(options);
  (options.mode === 'open' ? openLoop(get, options) : closedLoop(get, options)).then(
    (result) => process.send(result, () => process.exit(0)),
    (error) => process.send({ error: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});
