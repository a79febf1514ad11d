// A quote engine thread (see quote-workers.ts): it compiles the promotions it is sent with the
// default rules and answers each quote with the JSON body and hash `quoteCartWithJson` gives.
import { parentPort } from 'node:worker_threads';
import {
  defaultActions,
  defaultConditions,
  quoteCartWithJson,
  RuleRegistry,
  type CompiledPromotion,
} from '../engine';
import type { PromotionData, WorkerAnswer, WorkerQuote } from './quote-workers';

const registry = new RuleRegistry(defaultConditions, defaultActions);
const rules = new Map<number, Pick<CompiledPromotion, 'conditions' | 'actions'>>();
const lists = new Map<number, readonly CompiledPromotion[]>();

const compiledList = (promotions: readonly PromotionData[]): readonly CompiledPromotion[] =>
  promotions.map(({ rules: id, ...data }) => {
    const compiled = rules.get(id);
    if (compiled === undefined) throw new Error(`rules ${id} were never sent`);
    return { ...data, ...compiled };
  });

function answer(message: WorkerQuote): WorkerAnswer {
  try {
    return quoted(message);
  } catch {
    // The caller quotes it again on its own thread, where an error in the cart is thrown as it
    // would have been without workers.
    return { seq: message.seq, failed: true };
  }
}

function listOf({ list, define }: WorkerQuote): readonly CompiledPromotion[] {
  if (typeof list !== 'number') return compiledList(list);
  if (define !== undefined) {
    const promotions = compiledList(define);
    lists.set(list, promotions);
    return promotions;
  }
  const kept = lists.get(list);
  if (kept === undefined) throw new Error(`list ${list} was never sent`);
  return kept;
}

function quoted(message: WorkerQuote): WorkerAnswer {
  if (message.reset) {
    rules.clear();
    lists.clear();
  }
  for (const { id, conditions, actions } of message.rules ?? []) {
    const compiled = registry.compile({
      id: `rules ${id}`,
      campaignId: '',
      name: '',
      currency: '',
      priority: 0,
      conditions,
      actions,
    });
    rules.set(id, { conditions: compiled.conditions, actions: compiled.actions });
  }
  for (const id of message.drop ?? []) lists.delete(id);
  const promotions = listOf(message);
  const { quote, body } = quoteCartWithJson(promotions, message.cart);
  return { seq: message.seq, body, hash: quote.hash };
}

const port = parentPort;
if (port === null)
  throw new Error('quote.worker runs only as a worker thread (see quote-workers.ts)');
port.on('message', (message: WorkerQuote) => port.postMessage(answer(message)));
port.postMessage({ ready: true } satisfies WorkerAnswer);
