import { CHANNELS, CONSENT_PURPOSES, JOURNEY_TRIGGERS } from '@omni/contracts';
import { z } from 'zod';
import { ENTRY_RULE_NAMES } from './entry-rules/entry-rule';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30s`, `15m`, `2h`, `7d` in milliseconds. */
export const durationSchema = z
  .string()
  .regex(/^[1-9]\d{0,5}[smhd]$/, 'expected a duration such as 30s, 15m, 2h or 7d')
  .transform((text) => Number(text.slice(0, -1)) * UNIT_MS[text.at(-1) as keyof typeof UNIT_MS]);

const stepSchema = z.strictObject({
  step: z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a lower-case step name such as day-7'),
  /** Delay after the entry's anchor, or `sku-cycle`: the consumption cycle of the entry's SKU. */
  after: z.union([z.literal('sku-cycle'), durationSchema]),
});

export const journeyDefinitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a lower-case journey id'),
  trigger: z.enum(JOURNEY_TRIGGERS),
  /** The entry rule (a registered plug-in) that starts an instance. */
  entry: z.enum(ENTRY_RULE_NAMES),
  /** Event types that end an active instance (of the same SKU when the instance has one). */
  exitOn: z.array(z.string().min(1)).default([]),
  /** `after-exit`: a new instance only once the previous one left; `once`: never a second one. */
  entryMode: z.enum(['after-exit', 'once']).default('after-exit'),
  /** At most one contact from this journey per customer in this many days (0: no limit). */
  reentryDays: z.int().min(0).max(3650).default(0),
  channel: z.enum(CHANNELS),
  purpose: z.enum(CONSENT_PURPOSES).default('marketing'),
  steps: z.array(stepSchema).min(1).max(20),
  enabled: z.boolean().default(true),
});

export type JourneyDefinition = z.output<typeof journeyDefinitionSchema>;

export const journeyDefinitionsSchema = z
  .array(journeyDefinitionSchema)
  .refine((journeys) => new Set(journeys.map((j) => j.id)).size === journeys.length, {
    message: 'journey ids must be unique',
  })
  .refine(
    (journeys) =>
      journeys.every((j) => new Set(j.steps.map((s) => s.step)).size === j.steps.length),
    { message: 'step names must be unique within a journey' },
  );

/** The journeys crm runs unless CRM_JOURNEYS says otherwise (DOMAIN-FACTS: 7 and 30 days). */
export const DEFAULT_JOURNEYS = [
  {
    id: 'repurchase-reminder',
    trigger: 'repurchase-reminder',
    entry: 'order-paid',
    exitOn: ['order.paid'],
    channel: 'sms',
    steps: [
      { step: 'day-7', after: '7d' },
      { step: 'day-30', after: '30d' },
    ],
  },
  {
    id: 'cart-abandonment',
    trigger: 'cart-abandonment',
    entry: 'cart-item-added',
    exitOn: ['order.placed', 'order.paid'],
    reentryDays: 1,
    channel: 'push',
    steps: [{ step: 'reminder', after: '2h' }],
  },
  {
    id: 'viewed-not-carted',
    trigger: 'viewed-not-carted',
    entry: 'product-viewed',
    exitOn: ['cart.item-added', 'order.placed'],
    reentryDays: 3,
    channel: 'push',
    steps: [{ step: 'nudge', after: '1d' }],
  },
  {
    id: 'welcome',
    trigger: 'welcome',
    entry: 'signed-up',
    entryMode: 'once',
    channel: 'email',
    steps: [{ step: 'welcome', after: '10m' }],
  },
  {
    id: 'silent-after-first-order',
    trigger: 'silent-after-first-order',
    entry: 'first-order-paid',
    entryMode: 'once',
    exitOn: ['order.paid'],
    channel: 'sms',
    steps: [{ step: 'day-45', after: '45d' }],
  },
  {
    id: 'birthday',
    trigger: 'birthday',
    entry: 'birthday',
    channel: 'sms',
    steps: [{ step: 'greeting', after: '9h' }],
  },
  {
    id: 'win-back',
    trigger: 'win-back',
    entry: 'entered-churn',
    exitOn: ['order.paid'],
    reentryDays: 30,
    channel: 'sms',
    steps: [{ step: 'offer', after: '1h' }],
  },
  {
    id: 'replenishment',
    trigger: 'replenishment',
    entry: 'sku-purchased',
    exitOn: ['order.placed'],
    channel: 'wechat-miniprogram',
    steps: [{ step: 'due', after: 'sku-cycle' }],
  },
] as const satisfies z.input<typeof journeyDefinitionSchema>[];
