import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DownstreamEventEnvelope, DownstreamEventOf } from '@omni/contracts';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { sourceEventKey } from '@omni/messaging';
import { DEFAULT_ENTRY_RULES } from './entry-rules/default-entry-rules';
import type { Entry, EntryFacts, EntryRule, JourneySignal } from './entry-rules/entry-rule';
import type { JourneyDefinition } from './journey-definition';
import { JourneysRepository, type ActiveInstance, type NewInstance } from './journeys.repository';

/** SKUs an event is about, which scope its exits (replenishment, viewed-not-carted). */
function skusOf(envelope: DownstreamEventEnvelope): string[] {
  const payload = envelope.payload as { sku?: unknown; lines?: { sku: string }[] };
  if (typeof payload.sku === 'string') return [payload.sku];
  return Array.isArray(payload.lines) ? payload.lines.map((line) => line.sku) : [];
}

type Item = {
  signal: JourneySignal;
  sourceKey: string | null;
  exit?: { journeyIds: string[]; keys: string[]; reason: string };
  paidOrder?: { orderId: string; paidAt: Date };
};

const slot = (customerId: string, journeyId: string, scopeKey: string) =>
  `${customerId}\u0000${journeyId}\u0000${scopeKey}`;

/**
 * A batch's active instances by slot, and each customer's in the order they were added, so an
 * exit looks only at its own customer's instances rather than at the whole batch's.
 */
class ActiveSlots {
  private readonly bySlot = new Map<string, ActiveInstance>();
  private readonly byCustomer = new Map<string, Map<string, ActiveInstance>>();

  constructor(instances: readonly ActiveInstance[]) {
    for (const instance of instances) this.add(instance);
  }

  has(key: string): boolean {
    return this.bySlot.has(key);
  }

  add(instance: ActiveInstance): void {
    const key = slot(instance.customerId, instance.journeyId, instance.scopeKey);
    this.bySlot.set(key, instance);
    let own = this.byCustomer.get(instance.customerId);
    if (own === undefined) this.byCustomer.set(instance.customerId, (own = new Map()));
    own.set(key, instance);
  }

  delete(instance: ActiveInstance): void {
    const key = slot(instance.customerId, instance.journeyId, instance.scopeKey);
    this.bySlot.delete(key);
    this.byCustomer.get(instance.customerId)?.delete(key);
  }

  /** The customer's active instances; deleting one while iterating is allowed. */
  of(customerId: string): Iterable<ActiveInstance> {
    return this.byCustomer.get(customerId)?.values() ?? [];
  }
}

/**
 * Moves customers into and out of journeys: each event first ends the instances it exits, then
 * starts those its entry rules allow, with one durable timer per step. A batch is worked out in
 * memory from its customers' journeys read at once, then written in bulk.
 */
@Injectable()
export class JourneyEngine {
  private readonly journeys: readonly JourneyDefinition[];
  /** Each journey with its entry rule, looked up once rather than per event. */
  private readonly entries: readonly { journey: JourneyDefinition; rule?: EntryRule }[];
  private readonly facts: EntryFacts;

  constructor(
    @Inject(SERVICE_CONFIG) config: CrmConfig,
    private readonly repository: JourneysRepository,
  ) {
    this.journeys = config.journeys.definitions.filter((journey) => journey.enabled);
    this.entries = this.journeys.map((journey) => ({
      journey,
      rule: DEFAULT_ENTRY_RULES.get(journey.entry),
    }));
    this.facts = {
      replenishmentCycles: config.journeys.replenishmentCycles,
      timeZone: config.journeys.timeZone,
    };
  }

  applyEvents(tx: EntityManager, envelopes: readonly DownstreamEventEnvelope[]): Promise<void> {
    const items: Item[] = [];
    for (const envelope of envelopes) {
      const customerId = envelope.customerId;
      if (customerId === undefined) continue;
      const occurredAt = new Date(envelope.occurredAt);
      const exiting = this.journeys.filter((journey) => journey.exitOn.includes(envelope.type));
      items.push({
        signal: { kind: 'event', customerId, envelope, occurredAt, firstOrder: false },
        sourceKey: sourceEventKey(envelope),
        exit:
          exiting.length === 0
            ? undefined
            : {
                journeyIds: exiting.map((journey) => journey.id),
                keys: skusOf(envelope),
                reason: envelope.type,
              },
        paidOrder:
          envelope.type === 'order.paid'
            ? {
                orderId: (envelope as DownstreamEventOf<'order.paid'>).payload.orderId,
                paidAt: occurredAt,
              }
            : undefined,
      });
    }
    return this.apply(tx, items);
  }

  /** Lifecycle moves computed by insights (win-back enters on a churn stage), or recurrences. */
  applySignals(
    tx: EntityManager,
    signals: readonly { signal: JourneySignal; sourceKey: string | null }[],
  ): Promise<void> {
    return this.apply(tx, signals);
  }

  private async apply(tx: EntityManager, items: readonly Item[]): Promise<void> {
    if (items.length === 0) return;
    const customerIds = [...new Set(items.map((item) => item.signal.customerId))];
    const onceJourneys = this.journeys.filter((j) => j.entryMode === 'once').map((j) => j.id);
    const state = await this.repository.stateOf(tx, customerIds, onceJourneys);
    const active = new ActiveSlots(state.active);
    const everOnce = new Set(state.once.map((i) => slot(i.customerId, i.journeyId, i.scopeKey)));
    const firstOrders = new Map(state.firstOrders.map((f) => [f.customerId, f]));
    const changedFirstOrders = new Set<string>();
    const exits: { instanceId: string; reason: string; at: Date }[] = [];
    const created = new Map<string, NewInstance>();
    for (const item of items) {
      const { customerId, occurredAt } = item.signal;
      if (item.exit) {
        for (const instance of active.of(customerId)) {
          if (!item.exit.journeyIds.includes(instance.journeyId)) continue;
          if (instance.scopeKey !== '' && !item.exit.keys.includes(instance.scopeKey)) continue;
          // What happened before an instance began cannot end it (a late order must not end
          // the win-back that the same old order made due).
          if (occurredAt < instance.anchorAt) continue;
          active.delete(instance);
          const fresh = created.get(instance.instanceId);
          if (fresh) fresh.exit = { reason: item.exit.reason, at: occurredAt };
          else
            exits.push({
              instanceId: instance.instanceId,
              reason: item.exit.reason,
              at: occurredAt,
            });
        }
      }
      let signal = item.signal;
      if (item.paidOrder && signal.kind === 'event') {
        const held = firstOrders.get(customerId);
        const first = held === undefined || item.paidOrder.paidAt < held.paidAt;
        if (first) {
          firstOrders.set(customerId, { customerId, ...item.paidOrder });
          changedFirstOrders.add(customerId);
        }
        signal = { ...signal, firstOrder: first };
      }
      for (const { journey, rule } of this.entries) {
        if (signal.kind === 'recurrence' && signal.journeyId !== journey.id) continue;
        for (const entry of rule?.enters(signal, this.facts) ?? []) {
          const key = slot(customerId, journey.id, entry.key);
          if (active.has(key)) continue;
          if (journey.entryMode === 'once' && everOnce.has(key)) continue;
          const timers = this.timersOf(journey, entry);
          if (timers.length === 0) continue;
          const instance: NewInstance = {
            instanceId: randomUUID(),
            journeyId: journey.id,
            customerId,
            scopeKey: entry.key,
            enteredAt: occurredAt,
            anchorAt: entry.anchor,
            context: {
              ...entry.context,
              ...(entry.orderId === undefined ? {} : { orderId: entry.orderId }),
              ...(entry.sku === undefined ? {} : { sku: entry.sku }),
              explanation: entry.explanation,
            },
            sourceEventKey: item.sourceKey,
            timers,
          };
          created.set(instance.instanceId, instance);
          active.add(instance);
          everOnce.add(key);
        }
      }
    }
    await this.repository.exitMany(tx, exits);
    await this.repository.insertMany(tx, [...created.values()]);
    await this.repository.recordFirstOrders(
      tx,
      [...changedFirstOrders].flatMap((id) => firstOrders.get(id) ?? []),
    );
  }

  private timersOf(journey: JourneyDefinition, entry: Entry): { step: string; dueAt: Date }[] {
    return journey.steps.flatMap(({ step, after }) => {
      const delay = after === 'sku-cycle' ? entry.cycleMs : after;
      return delay === undefined ? [] : [{ step, dueAt: new Date(entry.anchor.getTime() + delay) }];
    });
  }
}
