import { described, setting } from '@omni/config';
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
export const journeySettings = described(
  {
    // The built-in journeys are too long for the config table; the README lists them.
    definitions: setting.json('CRM_JOURNEYS', journeyDefinitionsSchema, DEFAULT_JOURNEYS, {
      example:
        '[{"id":"repurchase-reminder","trigger":"repurchase-reminder","entry":"order-paid","exitOn":["order.paid"],"channel":"sms","steps":[{"step":"day-7","after":"7d"}]}]',
      quietDefault: true,
    }),
    replenishmentCycles: setting.json(
      'CRM_REPLENISHMENT_CYCLES',
      z
        .record(z.string().min(1).max(64), z.int().min(1).max(3650))
        .transform((cycles) => new Map(Object.entries(cycles))),
      {},
      { example: '{"LUM-CREAM-30ML":45}', quietDefault: true },
    ),
    timeZone: setting('CRM_TIME_ZONE', timeZone),
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
    ),
    contactCap: setting.int('CRM_CONTACT_CAP', 3, 1, 1_000),
    contactCapWindowHours: setting.int('CRM_CONTACT_CAP_WINDOW_HOURS', 168, 1, 8_760),
    scheduler: {
      enabled: setting.flag('CRM_JOURNEY_SCHEDULER_ENABLED', true),
      pollIntervalMs: setting.int('CRM_JOURNEY_SCHEDULER_POLL_MS', 500, 10, 60_000),
      batchSize: setting.int('CRM_JOURNEY_SCHEDULER_BATCH_SIZE', 200, 1, 10_000),
    },
  },
  {
    CRM_JOURNEYS:
      'JSON array of journey definitions (id, trigger, entry rule, exitOn, entryMode, reentryDays, channel, purpose, steps with delays such as 7d); unset: the built-in journeys',
    CRM_REPLENISHMENT_CYCLES:
      'JSON object of days a SKU lasts, for the replenishment journey; SKUs not listed get no reminder',
    CRM_TIME_ZONE: 'IANA time zone of quiet hours and birthdays',
    CRM_QUIET_HOURS:
      'Local hours (HH:MM-HH:MM) in which no journey contacts anyone; a step due then waits for their end; empty: none',
    CRM_CONTACT_CAP:
      'Most journey contacts per customer per channel within CRM_CONTACT_CAP_WINDOW_HOURS; more are suppressed',
    CRM_CONTACT_CAP_WINDOW_HOURS: 'Rolling window of the contact cap (hours)',
    CRM_JOURNEY_SCHEDULER_ENABLED:
      'Whether this replica fires due journey timers (replicas claim timers with SKIP LOCKED, so several may)',
    CRM_JOURNEY_SCHEDULER_POLL_MS:
      'How often the scheduler looks for due timers when the last round found none (ms)',
    CRM_JOURNEY_SCHEDULER_BATCH_SIZE: 'Due timers claimed and fired per transaction',
  },
);
