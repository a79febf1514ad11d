import type { Channel } from '@omni/contracts';
import type { CampaignPurpose, FirstTouchSource } from '../config/simulation-config';
import { FIRST_TOUCH_SOURCES } from '../config/simulation-config';
import type { SimulationContext } from '../engine/simulation-context';
import { MESSAGING_CHANNELS, type DeviceState, type PersonState } from '../people/person';
import type { Prng } from '../random/prng';
import { DAY, HOUR } from '../time/sim-time';

/** A messaging channel the brand may use for the person, with the device push goes to. */
export interface Reachable {
  readonly channel: Channel;
  readonly device: DeviceState | undefined;
}

/**
 * Whether the CRM may message the person on the channel: marketing consent, an address
 * (email) or an installed app (push), and a campaign for the purpose.
 */
export function reachableOn(
  ctx: SimulationContext,
  person: PersonState,
  channel: Channel,
  purpose: CampaignPurpose,
): Reachable | undefined {
  if (channel !== 'sms' && channel !== 'email' && channel !== 'push') return undefined;
  if (!person.consent[channel] || !ctx.campaigns.has(channel, purpose)) return undefined;
  if (channel === 'email')
    return person.email === undefined ? undefined : { channel, device: undefined };
  if (channel === 'push') {
    const device = person.devices.find((candidate) => candidate.appInstalled);
    return device === undefined ? undefined : { channel, device };
  }
  return { channel, device: undefined };
}

function reachable(
  ctx: SimulationContext,
  person: PersonState,
  purpose: CampaignPurpose,
): Reachable | undefined {
  const options = MESSAGING_CHANNELS.map((channel) =>
    reachableOn(ctx, person, channel, purpose),
  ).filter((option): option is Reachable => option !== undefined);
  return options.length === 0 ? undefined : person.rng.pick(options);
}

/** Where an abandoned-cart reminder can go, if anywhere. */
export function retargetingChannel(
  ctx: SimulationContext,
  person: PersonState,
): Reachable | undefined {
  return reachable(ctx, person, 'retargeting');
}

/** A first-touch source drawn from the configured mix, for journeys nobody prompted. */
export function organicSource(ctx: SimulationContext, rng: Prng): FirstTouchSource {
  return rng.weighted(
    FIRST_TOUCH_SOURCES.map((source) => [source, ctx.config.firstTouch[source]] as const),
  );
}

/**
 * After a journey: facts put the repurchase moments at 7 and 30 days, and personalised
 * reminders lift repurchase by about 40%. Without a repurchase the person falls silent for a
 * while (short, mid or long churn) or for good.
 */
export function planAfterJourney(
  ctx: SimulationContext,
  person: PersonState,
  journeyId: string,
  end: number,
  purchasedAt: number | undefined,
): void {
  const rng = person.rng;
  const settings = ctx.config.repurchase;
  if (purchasedAt !== undefined) {
    const moments = [
      [7, 1, settings.after7Days],
      [30, 3, settings.after30Days],
    ] as const;
    for (const [days, spread, base] of moments) {
      const due = usualHourAfter(
        ctx,
        person,
        purchasedAt + Math.max(days / 2, rng.normal(days, spread)) * DAY,
        end,
      );
      const via = reachable(ctx, person, 'retention');
      const reminded = via !== undefined && rng.chance(settings.reminderShare);
      const chance = Math.min(1, base * (reminded ? 1 + settings.reminderLift : 1));
      if (rng.chance(chance)) {
        ctx.schedule({
          kind: 'journey',
          time: due,
          person,
          journeyKind: 'repeat',
          source: reminded ? 'reminder' : organicSource(ctx, rng),
          via: reminded ? via.channel : undefined,
        });
        return;
      }
      if (reminded)
        ctx.schedule({ kind: 'reminder', time: due, person, channel: via.channel, journeyId });
    }
  }
  const gap = silenceGap(ctx, rng);
  if (gap === undefined) return;
  ctx.schedule({
    kind: 'journey',
    time: usualHourAfter(ctx, person, end + gap, end),
    person,
    journeyKind: 'repeat',
    source: organicSource(ctx, rng),
  });
}

function silenceGap(ctx: SimulationContext, rng: Prng): number | undefined {
  const silence = ctx.config.silence;
  const draw = rng.next();
  if (draw < silence.returnWithin30Days) return rng.uniform(1, 30) * DAY;
  if (draw < silence.returnWithin30Days + silence.returnWithin90Days)
    return rng.uniform(30, 90) * DAY;
  const longest =
    silence.returnWithin30Days + silence.returnWithin90Days + silence.returnAfter90Days;
  if (draw < longest) return rng.uniform(90, 180) * DAY;
  return undefined;
}

/** A phone-hour on the day of `approximate`, and never before `notBefore`. */
function usualHourAfter(
  ctx: SimulationContext,
  person: PersonState,
  approximate: number,
  notBefore: number,
): number {
  const time =
    ctx.time.dayStart(ctx.time.dayIndex(approximate)) + ctx.hours.mobile.sample(person.rng);
  return time > notBefore ? time : notBefore + person.rng.uniform(1, 6) * HOUR;
}
