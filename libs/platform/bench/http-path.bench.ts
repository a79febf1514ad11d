// The kit's HTTP path alone: a service app built by createServiceApp (logger, metrics hooks,
// error filter, validation pipe, admin guard, JsonAnswer) with one admin endpoint shaped like
// pricing's select (a zod body of 20 SKUs, a ~6 KB answer of 20 entries written from its DTO),
// loaded to saturation from a child process (the kit's runHttpLoad); reports the service thread's CPU per request.
// No database, no Kafka: what it measures is the shared path every service's requests take.
//
//   node -r ./tools/ts-register.cjs libs/platform/bench/http-path.bench.ts [--tracing] [--seconds 5] [--runs 3]
//
// --tracing starts OpenTelemetry first, as every service's main.ts does (no exporter configured:
// ids only, nothing sampled); without it the path is the one the pricing bench measures.
import './http-path.tracing';
import { parseArgs } from 'node:util';
import { runHttpLoad } from '@omni/testing';

const { values } = parseArgs({
  options: {
    tracing: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
  },
});
const TOKEN = 'http-path-bench-admin-token';

async function main(): Promise<void> {
  // Nest and Fastify load after tracing (./http-path.tracing), as in main.ts.
  const { createApp } = await import('./http-path.app');
  const app = await createApp(TOKEN);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const bodies = Array.from({ length: 100 }, (_, n) =>
    JSON.stringify({
      skus: Array.from({ length: 20 }, (_, i) => `BENCH-${String(n * 20 + i).padStart(6, '0')}`),
      currency: 'CNY',
      channel: 'web',
      customerGroups: n % 2 === 0 ? ['gold'] : [],
      explain: false,
    }),
  );
  // Warm-up (JIT, connections), not counted.
  await load(url, bodies, 3);
  const results: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const before = process.threadCpuUsage();
    const result = await load(url, bodies, Number(values.seconds));
    const cpu = process.threadCpuUsage(before);
    const perRequest = (cpu.user + cpu.system) / result.done;
    results.push(perRequest);
    console.log(
      `run ${run + 1}: ${Math.round(result.done / result.seconds)} requests/s, ${perRequest.toFixed(1)} µs CPU a request (user ${(cpu.user / result.done).toFixed(1)}, system ${(cpu.system / result.done).toFixed(1)})`,
    );
  }
  results.sort((a, b) => a - b);
  console.log(
    `median ${results[Math.floor(results.length / 2)].toFixed(1)} µs CPU a request${values.tracing ? ' (tracing on)' : ''}`,
  );
  await app.close();
}

function load(
  url: string,
  bodies: string[],
  seconds: number,
): Promise<{ done: number; seconds: number }> {
  return runHttpLoad({
    port: Number(new URL(url).port),
    path: '/v1/prices/select',
    token: TOKEN,
    bodies,
    mode: 'saturation',
    seconds,
    rate: 0,
    concurrency: 32,
    checkEvery: 64,
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
