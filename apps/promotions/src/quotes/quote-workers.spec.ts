import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import {
  CAMPAIGNS,
  CODES,
  PROMOTIONS_PER_CAMPAIGN,
  promotionBody,
  quoteBody,
} from '../../bench/quote-workload';
import {
  applicationOrder,
  quoteCartWithJson,
  type Cart,
  type CompiledPromotion,
  type Unavailability,
} from '../engine';
import { registry } from '../engine/engine.spec-helper';
import { carts, promotions } from '../engine/quote.arbitraries.spec-helper';
import { QuoteWorkers, type WorkerAnswer } from './quote-workers';

const inThread = (list: readonly CompiledPromotion[], cart: Cart) => {
  const { quote, body } = quoteCartWithJson(list, cart);
  return { body, hash: quote.hash };
};

/** What the workers answered, seen from outside the pool, and each worker a message went to. */
function watchWorkers(onPost?: (worker: Worker, posted: number) => void) {
  const answers: { threadId: number; answer: WorkerAnswer }[] = [];
  const watched = new Set<Worker>();
  const post = Worker.prototype.postMessage;
  let posted = 0;
  const spy = jest.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (
    this: Worker,
    ...args: Parameters<Worker['postMessage']>
  ) {
    if (!watched.has(this)) {
      watched.add(this);
      const { threadId } = this;
      this.on('message', (answer: WorkerAnswer) => answers.push({ threadId, answer }));
    }
    post.apply(this, args);
    onPost?.(this, (posted += 1));
  });
  const quoted = () => answers.filter(({ answer }) => 'seq' in answer);
  return { quoted, restore: () => spy.mockRestore() };
}

/** Per promotion: maybe fewer flash units left, maybe unavailable (as orders and coupons make). */
const overridden = (list: readonly CompiledPromotion[]) =>
  fc
    .array(
      fc.record(
        {
          unitsLeft: fc.integer({ min: 0, max: 5 }),
          unavailable: fc.constantFrom<Unavailability>(
            { reason: 'coupon-limit-reached', explanation: 'coupon C1: used up' },
            { reason: 'outside-window', explanation: 'campaign x runs later' },
          ),
        },
        { requiredKeys: [] },
      ),
      { minLength: list.length, maxLength: list.length },
    )
    .map((changes) => list.map((promotion, index) => ({ ...promotion, ...changes[index] })));

/** The bench's 100 live promotions, in the order they apply. */
function benchPromotions(): readonly CompiledPromotion[] {
  const compiled = Array.from({ length: CAMPAIGNS * PROMOTIONS_PER_CAMPAIGN }, (_, n) => {
    const campaign = Math.floor(n / PROMOTIONS_PER_CAMPAIGN);
    const { reason: _reason, ...body } = promotionBody(campaign, n % PROMOTIONS_PER_CAMPAIGN);
    return registry.compile({
      id: `bench-p${String(n).padStart(3, '0')}`,
      campaignId: `bench-c${campaign}`,
      currency: 'CNY',
      allowBelowFloor: false,
      budget: {},
      ...body,
    });
  });
  return applicationOrder(compiled);
}

/** `quoteBody(n)` as the service makes it a cart, with the bench's read-model prices and customers. */
function benchCart(n: number): Cart {
  const request = JSON.parse(quoteBody(n)) as {
    channel: string;
    customerId?: string;
    lines: { lineId: string; sku: string; quantity: number }[];
  };
  const member = request.customerId === undefined ? undefined : n % 1000;
  const tier =
    member === undefined
      ? undefined
      : (['regular', 'silver', 'gold', 'diamond'] as const)[member % 4]!;
  return {
    channel: request.channel,
    currency: 'CNY',
    at: new Date(Date.UTC(2026, 11, 5, 12, 0, n % 60)).toISOString(),
    customer: {
      ...(member === undefined ? {} : { customerId: request.customerId!, tier: tier! }),
      segments: member !== undefined && member % 5 === 0 ? ['vip'] : [],
      firstOrder: member !== undefined && member % 3 === 0,
    },
    lines: request.lines.map((line) => ({
      ...line,
      unitPrice: 2_000 + (Number(line.sku.slice(-4)) % 97) * 100,
      categories: [],
    })),
    coupons: CODES.map((code) => ({ code })),
    shipping: 1_000,
  };
}

describe('quote workers', () => {
  let workers: QuoteWorkers;
  let watch: ReturnType<typeof watchWorkers>;

  beforeEach(() => {
    watch = watchWorkers();
    workers = new QuoteWorkers({ quotes: { workers: 2 } });
  });
  afterEach(async () => {
    await workers.onApplicationShutdown();
    watch.restore();
  });

  it('answers random carts with the bytes and hash of the in-thread engine, for kept lists, changed lists and per-cart overrides', async () => {
    let quotes = 0;
    await fc.assert(
      fc.asyncProperty(
        promotions.chain((list) =>
          fc.tuple(
            fc.constant(list),
            overridden(list),
            fc.array(carts, { minLength: 1, maxLength: 4 }),
          ),
        ),
        async ([list, changed, cartsOfList]) => {
          for (const cart of cartsOfList) {
            expect(await workers.quote(list, cart, true)).toEqual(inThread(list, cart));
            expect(await workers.quote(changed, cart, false)).toEqual(inThread(changed, cart));
            quotes += 2;
          }
        },
      ),
      { numRuns: 200 },
    );
    const answered = watch.quoted();
    expect(answered).toHaveLength(quotes);
    expect(answered.filter(({ answer }) => 'failed' in answer)).toEqual([]);
  });

  it('answers the bench workload’s carts with the in-thread bytes, concurrently on both workers', async () => {
    const live = benchPromotions();
    const exhausted = live.map((promotion, index) =>
      index % 10 === 2
        ? {
            ...promotion,
            unavailable: { reason: 'coupon-limit-reached' as const, explanation: 'no uses left' },
          }
        : promotion,
    );
    const carts = Array.from({ length: 120 }, (_, n) => benchCart(n));
    const answers = await Promise.all(
      carts.flatMap((cart, n) => [
        workers.quote(live, cart, true),
        workers.quote(n % 4 === 0 ? exhausted : live, cart, n % 4 !== 0),
      ]),
    );
    answers.forEach((answer, index) => {
      const cart = carts[Math.floor(index / 2)]!;
      const list = index % 2 === 1 && Math.floor(index / 2) % 4 === 0 ? exhausted : live;
      expect(answer).toEqual(inThread(list, cart));
    });
    const answered = watch.quoted();
    expect(new Set(answered.map(({ threadId }) => threadId)).size).toBe(2);
    expect(answered.filter(({ answer }) => 'failed' in answer)).toEqual([]);
  });

  it('sends a kept list again after a worker has forgotten it, and quotes each of many lists right', async () => {
    const base = benchPromotions();
    // A new list per reload, as LivePromotions makes one each refresh: more than a worker keeps.
    const lists = Array.from({ length: 40 }, (_, n) =>
      base.map((promotion) => ({ ...promotion, budget: { remainingAmount: 100_000 - n } })),
    );
    const cart = benchCart(7);
    for (const round of [0, 1])
      for (const [n, list] of lists.entries())
        expect(await workers.quote(list, benchCart(n + round), true)).toEqual(
          inThread(list, benchCart(n + round)),
        );
    expect(await workers.quote(lists[0]!, cart, true)).toEqual(inThread(lists[0]!, cart));
    expect(watch.quoted().filter(({ answer }) => 'failed' in answer)).toEqual([]);
  });

  it('quotes a cart the engine refuses by throwing the engine’s error', async () => {
    const cart = benchCart(1);
    const doubled = { ...cart, lines: [...cart.lines, cart.lines[0]!] };
    await expect(workers.quote(benchPromotions(), doubled, true)).rejects.toThrow(
      'line ids must be unique',
    );
  });
});

describe('a quote worker that exits mid-quote', () => {
  it('loses no quote: each pending one is answered with the same bytes, and later quotes go to a new worker', async () => {
    let crashed: number | undefined;
    const watch = watchWorkers((worker, posted) => {
      if (posted !== 30) return;
      crashed = worker.threadId;
      void worker.terminate();
    });
    const workers = new QuoteWorkers({ quotes: { workers: 1 } });
    try {
      const live = benchPromotions();
      const carts = Array.from({ length: 60 }, (_, n) => benchCart(n));
      // Once the worker has answered one, it is running (a worker that never started is not
      // replaced, as its replacement would fail the same way).
      expect(await workers.quote(live, carts[0]!, true)).toEqual(inThread(live, carts[0]!));
      const answers = await Promise.all(carts.map((cart) => workers.quote(live, cart, true)));
      answers.forEach((answer, n) => expect(answer).toEqual(inThread(live, carts[n]!)));
      expect(crashed).toBeDefined();
      const before = watch.quoted().length;
      expect(before).toBeLessThan(61);
      const later = await Promise.all(carts.map((cart) => workers.quote(live, cart, true)));
      later.forEach((answer, n) => expect(answer).toEqual(inThread(live, carts[n]!)));
      const after = watch.quoted().slice(before);
      expect(after).toHaveLength(60);
      expect(
        after.every(({ threadId, answer }) => threadId !== crashed && !('failed' in answer)),
      ).toBe(true);
    } finally {
      await workers.onApplicationShutdown();
      watch.restore();
    }
  });
});
