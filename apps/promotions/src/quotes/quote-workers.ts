import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { SERVICE_CONFIG } from '@omni/platform';
import {
  quoteCartWithJson,
  ruleRefsOf,
  type Cart,
  type CompiledPromotion,
  type RuleRefs,
} from '../engine';

export type IdentifiedRules = RuleRefs & { id: number };

/** A promotion as a worker is sent it: its data, and its compiled rules by id. */
export type PromotionData = Omit<CompiledPromotion, 'conditions' | 'actions'> & { rules: number };

export type WorkerQuote = {
  seq: number;
  cart: Cart;
  /** The id of a list the worker keeps (sent in `define` the first time), or the list itself. */
  list: number | readonly PromotionData[];
  define?: readonly PromotionData[];
  /** Kept lists the worker may forget. */
  drop?: readonly number[];
  /** Rules the worker has not been sent yet. */
  rules?: readonly IdentifiedRules[];
  /** Forget every kept list and rule first. */
  reset?: true;
};

export type WorkerAnswer =
  { seq: number; body: string; hash: string } | { seq: number; failed: true } | { ready: true };

/** A quote's JSON without its hash (the bytes the hash is taken of) and the hash. */
export type QuoteAnswer = { body: string; hash: string };

/** Lists a worker keeps: a channel's list lasts until the next reload, a second or so. */
const KEPT_LISTS = 16;
/** Beyond this many rules sent to a worker, it starts again from nothing. */
const KEPT_RULES = 20_000;

type Pending = {
  promotions: readonly CompiledPromotion[];
  cart: Cart;
  resolve: (answer: QuoteAnswer) => void;
  reject: (error: unknown) => void;
};

type Thread = {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Ids of the lists it keeps, oldest first. */
  lists: number[];
  rules: Set<number>;
  ready: boolean;
};

const entry = path.join(__dirname, `quote.worker${path.extname(__filename)}`);
// From the TypeScript sources (dev, benches, Jest) the worker compiles them as it loads them,
// as `node -r ./tools/ts-register.cjs` does; the build runs the compiled file as it is.
const bootstrap = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts') && require.extensions['.ts'] === undefined)
  require(workerData.register);
require(workerData.entry);
`;
const register = path.resolve(__dirname, '../../../../tools/ts-register.cjs');
const tracer = trace.getTracer('promotions');

function inThread(promotions: readonly CompiledPromotion[], cart: Cart): QuoteAnswer {
  const { quote, body } = quoteCartWithJson(promotions, cart);
  return { body, hash: quote.hash };
}

/**
 * Runs the quote engine on `PROMOTIONS_QUOTE_WORKERS` worker threads, so stacking, serializing
 * and hashing a quote leave the event loop free for HTTP: each quote goes to the worker with the
 * fewest in flight. The bytes are `quoteCartWithJson`'s: a worker compiles the promotions from
 * the rules they were compiled from, with the default rules. A worker that exits has its quotes
 * answered on this thread, and is replaced if it had started.
 */
@Injectable()
export class QuoteWorkers implements OnApplicationShutdown {
  private readonly logger = new Logger(QuoteWorkers.name);
  private readonly threads: Thread[] = [];
  private readonly listIds = new WeakMap<readonly CompiledPromotion[], number>();
  private readonly rules = new WeakMap<object, IdentifiedRules>();
  private nextId = 1;
  private closing = false;

  constructor(@Inject(SERVICE_CONFIG) config: { quotes: { workers: number } }) {
    for (let n = 0; n < config.quotes.workers; n++) this.start();
  }

  /**
   * The quote of a cart, on a worker when one runs. `shared` says the list is one many carts
   * get (a channel's live promotions), which a worker is sent once and then keeps; any other
   * list is sent with its quote.
   */
  quote(
    promotions: readonly CompiledPromotion[],
    cart: Cart,
    shared: boolean,
  ): Promise<QuoteAnswer> {
    let thread: Thread | undefined;
    for (const candidate of this.threads)
      if (thread === undefined || candidate.pending.size < thread.pending.size) thread = candidate;
    const seq = this.nextId++;
    const message = thread && this.messageFor(thread, seq, promotions, cart, shared);
    // A child of the request's span: the engine's time, queueing on a worker included.
    const span = tracer.startSpan('quote engine', {
      attributes: { 'promotions.quote.thread': message === undefined ? 'service' : 'worker' },
    });
    const answered: Promise<QuoteAnswer> =
      thread === undefined || message === undefined
        ? new Promise((resolve) => resolve(inThread(promotions, cart)))
        : new Promise((resolve, reject) => {
            thread.pending.set(seq, { promotions, cart, resolve, reject });
            thread.worker.postMessage(message);
          });
    return answered.finally(() => span.end());
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }

  private start(): void {
    const worker = new Worker(bootstrap, { eval: true, workerData: { entry, register } });
    // A quote in flight does not keep the process alive: one that exits answers it here.
    worker.unref();
    const thread: Thread = {
      worker,
      pending: new Map(),
      lists: [],
      rules: new Set(),
      ready: false,
    };
    this.threads.push(thread);
    worker.on('message', (answer: WorkerAnswer) => {
      if ('ready' in answer) {
        thread.ready = true;
        return;
      }
      const pending = thread.pending.get(answer.seq);
      if (pending === undefined) return;
      thread.pending.delete(answer.seq);
      if ('failed' in answer) settleInThread(pending);
      else pending.resolve({ body: answer.body, hash: answer.hash });
    });
    worker.on('error', (error) => this.logger.error(`quote worker failed: ${error.stack}`));
    worker.on('exit', (code) => {
      this.threads.splice(this.threads.indexOf(thread), 1);
      for (const pending of thread.pending.values()) settleInThread(pending);
      if (this.closing) return;
      if (thread.ready) {
        this.logger.warn(`quote worker exited (code ${code}); starting another`);
        this.start();
      } else
        this.logger.error(
          `quote worker exited (code ${code}) before it started; ${this.threads.length} left, quotes run on the service thread without one`,
        );
    });
  }

  private messageFor(
    thread: Thread,
    seq: number,
    promotions: readonly CompiledPromotion[],
    cart: Cart,
    shared: boolean,
  ): WorkerQuote | undefined {
    const kept = shared ? this.listIds.get(promotions) : undefined;
    if (kept !== undefined && thread.lists.includes(kept)) return { seq, cart, list: kept };
    const reset = thread.rules.size > KEPT_RULES;
    const unsent = new Map<number, IdentifiedRules>();
    const list: PromotionData[] = [];
    for (const promotion of promotions) {
      const rules = this.rulesOf(promotion);
      // Compiled without the registry: only this thread can quote it.
      if (rules === undefined) return undefined;
      if (reset || !thread.rules.has(rules.id)) unsent.set(rules.id, rules);
      const { conditions: _conditions, actions: _actions, ...data } = promotion;
      list.push({ ...data, rules: rules.id });
    }
    if (reset) {
      thread.rules.clear();
      thread.lists = [];
    }
    for (const id of unsent.keys()) thread.rules.add(id);
    const rules = [...unsent.values()];
    const message: WorkerQuote = {
      seq,
      cart,
      list,
      ...(reset ? { reset } : {}),
      ...(rules.length === 0 ? {} : { rules }),
    };
    if (!shared) return message;
    const id = kept ?? this.nextId++;
    this.listIds.set(promotions, id);
    thread.lists.push(id);
    const drop = thread.lists.length > KEPT_LISTS ? thread.lists.splice(0, 1) : [];
    return { ...message, list: id, define: list, ...(drop.length === 0 ? {} : { drop }) };
  }

  /** The rules a promotion was compiled from, with an id that every copy of it shares. */
  private rulesOf(promotion: CompiledPromotion): IdentifiedRules | undefined {
    const known = this.rules.get(promotion.conditions);
    if (known !== undefined) return known;
    const refs = ruleRefsOf(promotion);
    if (refs === undefined) return undefined;
    const rules = { id: this.nextId++, conditions: refs.conditions, actions: refs.actions };
    this.rules.set(promotion.conditions, rules);
    return rules;
  }
}

function settleInThread({ promotions, cart, resolve, reject }: Pending): void {
  try {
    resolve(inThread(promotions, cart));
  } catch (error) {
    reject(error);
  }
}
