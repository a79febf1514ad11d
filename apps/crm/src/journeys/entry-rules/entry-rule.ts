import type { DownstreamEventEnvelope } from '@omni/contracts';

export const ENTRY_RULE_NAMES = [
  'order-paid',
  'first-order-paid',
  'cart-item-added',
  'product-viewed',
  'signed-up',
  'birthday',
  'entered-churn',
  'sku-purchased',
] as const;
export type EntryRuleName = (typeof ENTRY_RULE_NAMES)[number];

/** What may start a journey: a customer's event, or a lifecycle move insights computed. */
export type JourneySignal =
  | {
      kind: 'event';
      customerId: string;
      envelope: DownstreamEventEnvelope;
      occurredAt: Date;
      /** Whether this order.paid is the customer's first paid order by event time. */
      firstOrder: boolean;
    }
  | {
      kind: 'lifecycle';
      customerId: string;
      stage: string;
      previousStage: string | null;
      occurredAt: Date;
      valueTier?: 'high' | 'mid' | 'low';
      churnReason?: 'price-sensitive' | 'dissatisfied' | 'needs-changed';
      segments?: string[];
    }
  | {
      /** An instance of `journeyId` completed; a recurring journey (birthday) enters the next. */
      kind: 'recurrence';
      customerId: string;
      journeyId: string;
      anchor: Date;
      context: Record<string, unknown>;
      occurredAt: Date;
    };

export type EntryFacts = {
  /** Days a SKU lasts, for replenishment. */
  replenishmentCycles: ReadonlyMap<string, number>;
  timeZone: string;
};

/** One instance a rule starts: its scope key (a SKU, a year, or ''), and when its clock starts. */
export type Entry = {
  key: string;
  anchor: Date;
  orderId?: string;
  sku?: string;
  /** The delay of `sku-cycle` steps. */
  cycleMs?: number;
  /** Carried into journey.triggered (win-back: lifecycle, value tier, churn reason, segments). */
  context?: Record<string, unknown>;
  explanation: string;
};

/** A plug-in that decides, from one signal alone, which instances of a journey it starts. */
export type EntryRule = {
  name: EntryRuleName;
  enters(signal: JourneySignal, facts: EntryFacts): Entry[];
};
