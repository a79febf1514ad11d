// Decoding a consumed resolved event, per event: decodeDownstreamMessage as every consumer of a
// topic after ingest calls it, against the same function of a base revision loaded into the
// same process (--base: a checkout of it, e.g. `git archive <rev> | tar -x -C <dir>` with
// node_modules linked). The events are the simulator's, resolved (each with its person as
// customerId), as JSON bytes; the two decoders are timed in alternating rounds so that load on
// the machine falls on both alike.
// Run: npx nx run bench:decode -- --base <dir> [--people 1000 --days 30 --limit 20000 --rounds 9]
// Writes bench/results/decode-<ISO date>.json at the repository root.
import path from 'node:path';
import { decodeDownstreamMessage } from '@omni/contracts';
import { resolvedEventsOf, simulate } from '@omni/simulator';
import { benchArgs, benchMain, round, scenarioCase, type MeasuredRun } from '@omni/testing';

const { counts, values } = benchArgs(
  { people: 1000, days: 30, limit: 20000, rounds: 9 },
  { base: { type: 'string' } },
);

type Decode = (raw: { value: Uint8Array | null }) => unknown;

function baseDecoder(dir: string | undefined): Decode {
  if (dir === undefined) throw new Error('--base <dir>: a checkout of the base revision');
  const module = path.resolve(dir, 'libs/contracts/src/validation/message-decoding.ts');
  return (require(module) as { decodeDownstreamMessage: Decode }).decodeDownstreamMessage;
}

benchMain('decode', async () => {
  const decoders: Record<'base' | 'current', Decode> = {
    base: baseDecoder(values.base),
    current: decodeDownstreamMessage,
  };
  // The crm bench's events: seed 7 from 2025-06-01, each resolved to its person.
  const { people, days, limit } = counts;
  const simulation = simulate({ seed: 7, people, days, startDate: '2025-06-01' });
  const messages = resolvedEventsOf(simulation.labelledEvents(), limit).map(({ value }) => ({
    value: Buffer.from(JSON.stringify(value)),
  }));
  const runs: Record<keyof typeof decoders, MeasuredRun[]> = { base: [], current: [] };
  // Round 0 warms both up and is not kept.
  for (let r = 0; r <= counts.rounds; r++) {
    for (const side of ['base', 'current'] as const) {
      const decode = decoders[side];
      const started = performance.now();
      for (const message of messages) decode(message);
      const microsPerEvent = ((performance.now() - started) * 1000) / messages.length;
      if (r > 0) runs[side].push({ metrics: { microsPerEvent: round(microsPerEvent, 2) } });
    }
  }
  const base = scenarioCase('base', runs.base);
  const current = scenarioCase('current', runs.current);
  const ratio = round(current.medians.microsPerEvent / base.medians.microsPerEvent, 3);
  console.log(
    `µs per event, medians of ${counts.rounds}: base ${base.medians.microsPerEvent}, current ${current.medians.microsPerEvent} (×${ratio})`,
  );
  return {
    settings: { ...counts, base: values.base, events: messages.length },
    scenarios: [
      {
        id: 'decode-resolved-event',
        title: 'decodeDownstreamMessage per resolved event (JSON bytes to a checked event)',
        status: 'ok',
        headline: ['microsPerEvent'],
        cases: [base, current],
        comparisons: [
          {
            metric: 'microsPerEvent',
            case: 'current',
            baselineScenario: 'decode-resolved-event',
            baselineCase: 'base',
            ratio,
          },
        ],
        notes: [`${messages.length} events a round; base and current rounds alternate`],
      },
    ],
  };
});
