// Measures how fast the simulator generates events (no validation, no I/O).
// Run: npx nx run simulator:bench   (or node -r ./tools/ts-register.cjs <this file> [people] [days])
import { simulate } from '../src/index';

const people = Number(process.argv[2] ?? 5000);
const days = Number(process.argv[3] ?? 30);

// CPU time is reported too: on a shared machine wall time also counts other processes.
for (let round = 1; round <= 3; round++) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let events = 0;
  for (const _event of simulate({ seed: round, people, days }).events()) events += 1;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `round ${round}: ${events} events in ${seconds.toFixed(2)} s wall = ${Math.round(events / seconds)} events/s; ` +
      `${cpuSeconds.toFixed(2)} s CPU = ${Math.round(events / cpuSeconds)} events/CPU-s`,
  );
}
