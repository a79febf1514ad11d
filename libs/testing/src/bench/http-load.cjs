// An HTTP load generator for the benches (runHttpLoad): a child process of its own, so its
// heap, GC and event loop are not the service's. It shares only the machine's cores with the
// service and whatever else runs there.
// The parent sends { port, path, token, bodies, mode: 'saturation' | 'offered', seconds, rate,
// concurrency, checkEvery, check?, warmupSeconds } and gets back { done, seconds,
// cpuUsPerRequest, latencies?, delayP99Ms?, sendLate? } or { error }:
// - cpuUsPerRequest: this process's CPU time (user + system) per measured request;
// - delayP99Ms: this process's own event-loop delay in the offered run, whose stalls delay
//   sending and reading;
// - sendLate: how late this process came to send each measured request of an offered run after
//   it was due (ms, 0 for one on time or early; a wait for a free connection not included),
//   which counts in its latency.
// Cheap per request, so that what it measures is the service: every request's bytes are built
// once; `concurrency` keep-alive connections, each reading into one reused buffer (`onread`);
// an answer is read as its status and Content-Length, and only every `checkEvery`-th one is
// kept and handed to `check` (a module exporting check(body: Buffer), which throws on a wrong
// answer); any status but 200 fails the run. Offered: requests are due on a fixed schedule and a
// latency counts from when its request was due (no coordinated omission), waiting for a free
// connection included; one sent up to 1 ms early (a timer's resolution) counts from its send.
// An offered run first sends `warmupSeconds` of the same schedule and does not measure them:
// this process's own code is still cold then, and its connections new, so the first requests
// would wait on the generator rather than on the service.
'use strict';
const net = require('node:net');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const HEAD_LIMIT = 8_192;
const CR = 13;
const LF = 10;
const CONTENT_LENGTH = Buffer.from('\r\ncontent-length:');

function requestBytes(port, path, token, body) {
  const bytes = Buffer.from(body);
  const head =
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${bytes.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

/** The index of the blank line ending the head in head[from, length), or -1. */
function headEnd(head, from, length) {
  for (let i = Math.max(0, from); i + 3 < length; i++)
    if (head[i] === CR && head[i + 1] === LF && head[i + 2] === CR && head[i + 3] === LF) return i;
  return -1;
}

/** The Content-Length of a response head (bytes [0, end)), case-insensitively, or -1. */
function contentLength(head, end) {
  outer: for (let i = 0; i + CONTENT_LENGTH.length <= end; i++) {
    for (let j = 0; j < CONTENT_LENGTH.length; j++)
      if ((head[i + j] | (j > 1 ? 0x20 : 0)) !== CONTENT_LENGTH[j]) continue outer;
    let value = 0;
    let k = i + CONTENT_LENGTH.length;
    while (head[k] === 0x20) k++;
    for (; head[k] >= 0x30 && head[k] <= 0x39; k++) value = value * 10 + head[k] - 0x30;
    return value;
  }
  return -1;
}

/** One keep-alive connection with one request at a time; `onAnswer(status, body | undefined)`. */
function connection(port, onAnswer, onError) {
  const c = {
    socket: undefined,
    head: Buffer.allocUnsafe(HEAD_LIMIT),
    headLength: 0,
    /** Body bytes still to read; -1 while reading a head. */
    remaining: -1,
    status: 0,
    /** Set for a request whose answer is checked. */
    body: undefined,
    bodyAt: 0,
    check: false,
    /** The offered run's number of the request in flight, and when its latency counts from. */
    carrying: -1,
    since: 0,
    send(bytes, check) {
      this.check = check;
      this.socket.write(bytes);
    },
  };
  const read = (buffer, start, end) => {
    while (start < end) {
      if (c.remaining === -1) {
        const take = Math.min(end - start, HEAD_LIMIT - c.headLength);
        buffer.copy(c.head, c.headLength, start, start + take);
        const before = c.headLength;
        c.headLength += take;
        const at = headEnd(c.head, before - 3, c.headLength);
        if (at === -1) {
          if (c.headLength === HEAD_LIMIT) throw new Error('an answer head over 8 KB');
          start += take;
          continue;
        }
        c.status = (c.head[9] - 0x30) * 100 + (c.head[10] - 0x30) * 10 + (c.head[11] - 0x30);
        const length = contentLength(c.head, at + 2);
        if (length === -1) throw new Error('an answer without Content-Length');
        start += at + 4 - before;
        c.headLength = 0;
        c.remaining = length;
        c.bodyAt = 0;
        c.body = c.check || c.status !== 200 ? Buffer.allocUnsafe(length) : undefined;
      }
      const take = Math.min(end - start, c.remaining);
      if (c.body !== undefined) buffer.copy(c.body, c.bodyAt, start, start + take);
      c.bodyAt += take;
      c.remaining -= take;
      start += take;
      if (c.remaining === 0) {
        c.remaining = -1;
        const body = c.body;
        c.body = undefined;
        onAnswer(c, c.status, body);
      }
    }
  };
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      port,
      host: '127.0.0.1',
      noDelay: true,
      onread: {
        buffer: Buffer.allocUnsafe(65_536),
        callback(nread, buffer) {
          try {
            read(buffer, 0, nread);
          } catch (error) {
            onError(error);
          }
        },
      },
    });
    c.socket = socket;
    socket.once('connect', () => resolve(c));
    socket.on('error', (error) => {
      reject(error);
      onError(error);
    });
  });
}

async function run({
  port,
  path,
  token,
  bodies,
  mode,
  seconds,
  rate,
  concurrency,
  checkEvery,
  check,
  warmupSeconds,
}) {
  const requests = bodies.map((body) => requestBytes(port, path, token, body));
  const checkAnswer = check === undefined ? () => undefined : require(check).check;
  const checked = (status, body) => {
    if (status !== 200)
      throw new Error(`${path} answered ${status}: ${body?.toString('utf8', 0, 300) ?? ''}`);
    if (body !== undefined) checkAnswer(body);
  };
  let failure;
  // Set by the running mode: ends it at the first failure (a connection lost, a bad answer).
  let abort = () => undefined;
  const fail = (error) => {
    failure ??= error;
    abort(failure);
  };
  let onAnswer = () => undefined;
  const connections = await Promise.all(
    Array.from({ length: concurrency }, () =>
      connection(port, (c, status, body) => onAnswer(c, status, body), fail),
    ),
  );
  const checks = (n) => n % checkEvery === 0;
  try {
    return mode === 'saturation' ? await saturation() : await offered();
  } finally {
    for (const c of connections) c.socket.destroy();
  }

  function saturation() {
    let done = 0;
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const until = started + seconds * 1000;
    return new Promise((resolve, reject) => {
      abort = reject;
      let open = connections.length;
      onAnswer = (c, status, body) => {
        try {
          checked(status, body);
        } catch (error) {
          fail(error);
        }
        done += 1;
        if (failure === undefined && performance.now() < until) {
          const n = next++;
          c.send(requests[n % requests.length], checks(n));
          return;
        }
        open -= 1;
        if (open > 0) return;
        if (failure !== undefined) reject(failure);
        else
          resolve({
            done,
            seconds: (performance.now() - started) / 1000,
            cpuUsPerRequest: usPerRequest(process.cpuUsage(cpuBefore), done),
          });
      };
      for (const c of connections) {
        const n = next++;
        c.send(requests[n % requests.length], checks(n));
      }
    });
  }

  function offered() {
    const interval = 1000 / rate;
    // Requests [0, warm) are the warm-up; latencies and the event-loop delay count from `warm`.
    const warm = Math.round(rate * warmupSeconds);
    const total = warm + Math.round(rate * seconds);
    const latencies = new Float64Array(total);
    // How late the timer came to each request after it was due (ms, 0 when on time or early):
    // the generator's own lateness, not a wait for a free connection (the service's backlog).
    const late = new Float64Array(total);
    let cpuAtWarm = process.cpuUsage();
    // Idle connections; a request goes out on the one that answered last (as Node's agents and
    // nginx's upstream keep-alive reuse theirs), so a light load stays on a few connections. On
    // a service listening on several threads those few set how the load splits between the
    // threads: see the pricing bench's busiestThreadShare and docs/performance.md.
    const idle = [...connections];
    // Requests due while every connection is busy wait in `queue` (request numbers, in order),
    // and their latency counts the wait.
    const queue = new Int32Array(total);
    let queueHead = 0;
    let queueTail = 0;
    let next = 0;
    let done = 0;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const started = performance.now();
    const due = (n) => started + n * interval;
    // A latency counts from when its request was due, or from when it was sent if that was
    // sooner: a timer cannot wait under 1 ms, so requests due within the next millisecond go
    // at once rather than up to a millisecond late.
    const dispatch = (c, n) => {
      if (n === warm) {
        delay.reset();
        cpuAtWarm = process.cpuUsage();
      }
      c.carrying = n;
      c.since = Math.min(due(n), performance.now());
      c.send(requests[n % requests.length], checks(n));
    };
    delay.enable();
    return new Promise((resolve, reject) => {
      abort = (error) => {
        delay.disable();
        clearTimeout(timer);
        reject(error);
      };
      const finish = () => {
        const cpu = process.cpuUsage(cpuAtWarm);
        delay.disable();
        clearTimeout(timer);
        if (failure !== undefined) reject(failure);
        else
          resolve({
            done: done - warm,
            seconds: (performance.now() - due(warm)) / 1000,
            cpuUsPerRequest: usPerRequest(cpu, done - warm),
            latencies: latencies.subarray(warm),
            delayP99Ms: delay.percentile(99) / 1e6,
            sendLate: late.subarray(warm),
          });
      };
      onAnswer = (c, status, body) => {
        const n = c.carrying;
        latencies[n] = performance.now() - c.since;
        try {
          checked(status, body);
        } catch (error) {
          fail(error);
        }
        done += 1;
        if (failure !== undefined || done === total) return finish();
        if (queueHead < queueTail) dispatch(c, queue[queueHead++]);
        else idle.push(c);
      };
      let timer;
      const tick = () => {
        const now = performance.now();
        const soon = now + 1;
        for (; next < total && due(next) <= soon; next++) {
          late[next] = Math.max(0, now - due(next));
          const c = idle.pop();
          if (c === undefined) queue[queueTail++] = next;
          else dispatch(c, next);
        }
        if (next < total && failure === undefined)
          timer = setTimeout(tick, Math.max(0, due(next) - 1 - performance.now()));
      };
      tick();
    });
  }
}

/** CPU time (µs) per request, to 0.1 µs. */
function usPerRequest(usage, requests) {
  return Math.round(((usage.user + usage.system) / Math.max(1, requests)) * 10) / 10;
}

process.once('message', (options) => {
  run(options).then(
    (result) => process.send(result, () => process.exit(0)),
    (error) => process.send({ error: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});
