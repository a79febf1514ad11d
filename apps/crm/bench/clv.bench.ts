// CLV prediction error against the simulator's ground truth. The simulator's labels (not
// identity resolution) say who each event belongs to, so only the model is measured. Each
// person's paid orders, refunds and activity before the split date are the calibration
// period; the model is fitted there (as the scheduled assessment fits it) and predicts each
// person's net spend over the rest of the simulated period, compared with what they really
// spent then.
// Run: npx nx run crm:bench-clv [-- --people 5000 --days 180 --split 0.5 --seed 42]
// Writes bench/results/crm-clv-<ISO date>.json at the repository root.
import path from 'node:path';
import type { EventEnvelope, EventOf } from '@omni/contracts';
import { simulate } from '@omni/simulator';
import { benchArgs, scenarioCase, writeBenchResult } from '@omni/testing';
import { fitClvModel, predictClv } from '../src/insights/clv';
import type { CustomerFacts } from '../src/insights/customer-facts';

const root = path.resolve(__dirname, '../../..');
const DAY_MS = 86_400_000;

const { counts, values: args } = benchArgs(
  { people: 5000, days: 180, seed: 42 },
  { split: { type: 'string', default: '0.5' }, currency: { type: 'string', default: 'CNY' } },
);
const { people, days, seed } = counts;
const split = Number(args.split);
if (people < 10) throw new Error(`--people: at least 10, got ${people}`);
if (days < 14) throw new Error(`--days: at least 14, got ${days}`);
if (!(split > 0 && split < 1)) throw new Error(`--split: between 0 and 1, got ${args.split}`);

type Person = {
  firstSeenAt: Date;
  lastActivityAt: Date;
  orders: Map<
    string,
    { paidAt: Date; paidMinor: number; refundedMinor: number; promotion: boolean }
  >;
  holdoutSpend: number;
};

function main(): void {
  const startedAt = new Date().toISOString();
  const startDate = '2025-01-01';
  const start = new Date(`${startDate}T00:00:00+08:00`);
  const splitAt = new Date(start.getTime() + Math.round(days * split) * DAY_MS);
  const holdoutDays = days - Math.round(days * split);
  const simulation = simulate({ seed, people, startDate, days });
  const persons = new Map<string, Person>();
  const promoted = new Set<string>();
  let events = 0;
  for (const { event, personId } of simulation.labelledEvents()) {
    events++;
    if (personId === undefined) continue;
    const at = new Date(event.occurredAt);
    const calibration = at < splitAt;
    let person = persons.get(personId);
    if (person === undefined) {
      if (!calibration) continue; // First seen in the holdout: nothing to predict from.
      person = { firstSeenAt: at, lastActivityAt: at, orders: new Map(), holdoutSpend: 0 };
      persons.set(personId, person);
    }
    if (calibration) person.lastActivityAt = at;
    record(person, event, at, calibration, promoted);
  }
  const facts: CustomerFacts[] = [...persons].map(([customerId, person]) => ({
    customerId,
    firstSeenAt: person.firstSeenAt,
    lastActivityAt: person.lastActivityAt,
    orders: [...person.orders.values()].sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime()),
    complaints: 0,
    lowRatings: 0,
  }));
  const model = fitClvModel(facts, splitAt);
  const pairs = facts.map((f) => ({
    predicted: predictClv(f, splitAt, model, holdoutDays).predictedMinor,
    actual: persons.get(f.customerId)?.holdoutSpend ?? 0,
  }));
  const n = pairs.length;
  const totalPredicted = pairs.reduce((a, p) => a + p.predicted, 0);
  const totalActual = pairs.reduce((a, p) => a + p.actual, 0);
  const mae = pairs.reduce((a, p) => a + Math.abs(p.predicted - p.actual), 0) / n;
  const rmse = Math.sqrt(pairs.reduce((a, p) => a + (p.predicted - p.actual) ** 2, 0) / n);
  const meanActual = totalActual / n;
  // MAE of predicting everyone's mean: what a model must beat to be worth anything.
  const maeOfMean = pairs.reduce((a, p) => a + Math.abs(meanActual - p.actual), 0) / n;
  const file = writeBenchResult('crm-clv', {
    startedAt,
    settings: {
      seed,
      people,
      startDate,
      days,
      calibrationDays: days - holdoutDays,
      holdoutDays,
      currency: args.currency,
    },
    scenarios: [
      {
        id: 'clv-error',
        title: `12-month CLV model fitted on the calibration period, predicting each person's net spend over the holdout, against the simulator's ground truth`,
        status: 'ok',
        headline: ['aggregateErrorPercent', 'maeMinor', 'maeOfPredictingTheMeanMinor', 'spearman'],
        cases: [
          scenarioCase('default', [
            {
              metrics: {
                aggregateErrorPercent:
                  totalActual === 0
                    ? undefined
                    : Math.round(((totalPredicted - totalActual) / totalActual) * 1000) / 10,
                maeMinor: Math.round(mae),
                rmseMinor: Math.round(rmse),
                maeOfPredictingTheMeanMinor: Math.round(maeOfMean),
                spearman:
                  Math.round(
                    spearman(
                      pairs.map((p) => p.predicted),
                      pairs.map((p) => p.actual),
                    ) * 1000,
                  ) / 1000,
                customers: n,
                events,
                buyersInCalibration: facts.filter((f) => f.orders.length > 0).length,
                buyersInHoldout: pairs.filter((p) => p.actual > 0).length,
                totalActualMinor: totalActual,
                totalPredictedMinor: totalPredicted,
              },
              details: { model },
            },
          ]),
        ],
        comparisons: [],
        notes: [
          'maeOfPredictingTheMeanMinor is the error of predicting everyone the mean: what a model must beat',
        ],
      },
    ],
  });
  console.log(`wrote ${path.relative(root, file)}`);
}

function record(
  person: Person,
  event: EventEnvelope,
  at: Date,
  calibration: boolean,
  promoted: Set<string>,
) {
  if (event.type === 'order.placed') {
    const { payload } = event as EventOf<'order.placed'>;
    if ((payload.coupons?.length ?? 0) > 0 || (payload.discount?.amount ?? 0) > 0)
      promoted.add(payload.orderId);
    return;
  }
  if (event.type === 'order.paid') {
    const { payload } = event as EventOf<'order.paid'>;
    if (payload.amount.currency !== args.currency) return;
    if (calibration) {
      person.orders.set(payload.orderId, {
        paidAt: at,
        paidMinor: payload.amount.amount,
        refundedMinor: 0,
        promotion: promoted.has(payload.orderId),
      });
    } else {
      person.holdoutSpend += payload.amount.amount;
    }
    return;
  }
  if (event.type === 'order.refunded') {
    const { payload } = event as EventOf<'order.refunded'>;
    if (payload.amount.currency !== args.currency) return;
    const order = person.orders.get(payload.orderId);
    if (calibration && order) order.refundedMinor += payload.amount.amount;
    else if (!calibration) person.holdoutSpend -= payload.amount.amount;
  }
}

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) result[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return result;
}

function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  }
  return va === 0 || vb === 0 ? 0 : cov / Math.sqrt(va * vb);
}

main();
