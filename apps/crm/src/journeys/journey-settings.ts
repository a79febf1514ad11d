import { env, setting } from '@omni/config';
import { z } from 'zod';
import { DEFAULT_JOURNEYS, journeyDefinitionsSchema } from './journey-definition';
import { parseQuietHours } from './firing-policy';

const timeZone = z
  .string()
  .default('Asia/Shanghai')
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'expected an IANA time zone such as Asia/Shanghai');

/** Journey definitions and the rules checked when a step fires; see the README's Journeys. */
export const journeySettings = {
  definitions: setting(
    'CRM_JOURNEYS',
    // The built-in journeys are too long for the config table; the README lists them.
    env.json(journeyDefinitionsSchema, DEFAULT_JOURNEYS, {
      example:
        '[{"id":"repurchase-reminder","trigger":"repurchase-reminder","entry":"order-paid","exitOn":["order.paid"],"channel":"sms","steps":[{"step":"day-7","after":"7d"}]}]',
      quietDefault: true,
    }),
    'JSON array of journey definitions (id, trigger, entry rule, exitOn, entryMode, reentryDays, channel, purpose, steps with delays such as 7d); unset: the built-in journeys',
  ),
  replenishmentCycles: setting(
    'CRM_REPLENISHMENT_CYCLES',
    env.json(
      z
        .record(z.string().min(1).max(64), z.int().min(1).max(3650))
        .transform((cycles) => new Map(Object.entries(cycles))),
      {},
      { example: '{"LUM-CREAM-30ML":45}', quietDefault: true },
    ),
    'JSON object of days a SKU lasts, for the replenishment journey; SKUs not listed get no reminder',
  ),
  timeZone: setting('CRM_TIME_ZONE', timeZone, 'IANA time zone of quiet hours and birthdays'),
  quietHours: setting(
    'CRM_QUIET_HOURS',
    z
      .string()
      .default('21:00-09:00')
      .transform((text, ctx) => {
        const parsed = parseQuietHours(text);
        if (typeof parsed === 'string') {
          ctx.addIssue({ code: 'custom', message: parsed });
          return z.NEVER;
        }
        return parsed;
      }),
    'Local hours (HH:MM-HH:MM) in which no journey contacts anyone; a step due then waits for their end; empty: none',
  ),
  contactCap: setting(
    'CRM_CONTACT_CAP',
    env.int(3, 1, 1_000),
    'Most journey contacts per customer per channel within CRM_CONTACT_CAP_WINDOW_HOURS; more are suppressed',
  ),
  contactCapWindowHours: setting(
    'CRM_CONTACT_CAP_WINDOW_HOURS',
    env.int(168, 1, 8_760),
    'Rolling window of the contact cap (hours)',
  ),
  scheduler: {
    enabled: setting(
      'CRM_JOURNEY_SCHEDULER_ENABLED',
      env.bool(true),
      'Whether this replica fires due journey timers (replicas claim timers with SKIP LOCKED, so several may)',
    ),
    pollIntervalMs: setting(
      'CRM_JOURNEY_SCHEDULER_POLL_MS',
      env.int(500, 10, 60_000),
      'How often the scheduler looks for due timers when the last round found none (ms)',
    ),
    batchSize: setting(
      'CRM_JOURNEY_SCHEDULER_BATCH_SIZE',
      env.int(200, 1, 10_000),
      'Due timers claimed and fired per transaction',
    ),
  },
};
