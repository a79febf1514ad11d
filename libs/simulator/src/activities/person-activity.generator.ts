import type { Channel } from '@omni/contracts';
import { canUse, weightedChannel } from '../channels/channel-choice';
import { deviceFits } from '../channels/channel-profiles';
import type { SimulationContext } from '../engine/simulation-context';
import { messageTouch, emitTouch } from '../journeys/session-content';
import { reachableOn } from '../journeys/journey-follow-up';
import { MESSAGING_CHANNELS, type DeviceState, type PersonState } from '../people/person';
import { emitIn, openSession, pause } from '../sessions/session';
import { DAY } from '../time/sim-time';

/**
 * Ads a known person sees between journeys (a Poisson process): an impression, sometimes a
 * click. They feed attribution and the campaign funnel, and carry the platform account id.
 */
export function runAmbientTouch(ctx: SimulationContext, person: PersonState, at: number): void {
  const rng = person.rng;
  const marketing = ctx.config.marketing;
  const channel = weightedChannel(
    rng,
    marketing.ambientChannels,
    (candidate) => canUse(person, candidate) && ctx.campaigns.has(candidate, 'acquisition'),
  );
  if (channel !== undefined) {
    const campaign = ctx.campaigns.pick(channel, 'acquisition', rng);
    const device = rng.pick(
      person.devices.filter((candidate) => deviceFits(candidate.type, channel)),
    );
    const session = openSession(ctx, person, channel, device, undefined);
    if (campaign !== undefined) {
      emitTouch(ctx, session, at, campaign, 'impression', 'feed');
      if (rng.chance(campaign.ctr)) {
        emitTouch(ctx, session, at + pause(session, 2, 30), campaign, 'click', 'feed');
      }
    }
  }
  const next = nextPoissonTime(person, at, marketing.ambientTouchesPerDay);
  ctx.schedule({ kind: 'ambient-touch', time: next, person });
}

/**
 * A person changes their mind about marketing messages: unsubscribing by replying TD to an
 * SMS (退订), or switching a channel on or off in the member centre.
 */
export function runConsentChange(ctx: SimulationContext, person: PersonState, at: number): void {
  const rng = person.rng;
  const settings = ctx.config.consent;
  const options = MESSAGING_CHANNELS.filter(
    (channel) => channel !== 'email' || person.email !== undefined,
  );
  const target = rng.pick(options);
  const granted = !person.consent[target];
  const where = consentChannel(person, target, granted);
  if (where !== undefined) {
    const session = openSession(ctx, person, where.channel, where.device, undefined);
    person.consent[target] = granted;
    emitIn(ctx, session, at, 'customer.consent-updated', {
      purpose: 'marketing',
      channel: target,
      granted,
      policyVersion: settings.policyVersion,
    });
  }
  const next = nextPoissonTime(person, at, settings.changesPer30Days / 30);
  ctx.schedule({ kind: 'consent-change', time: next, person });
}

// Withdrawing SMS needs nothing but the phone; anything else needs a member logged in.
function consentChannel(
  person: PersonState,
  target: Channel,
  granted: boolean,
): { channel: Channel; device: DeviceState | undefined } | undefined {
  if (target === 'sms' && !granted) return { channel: 'sms', device: undefined };
  if (person.memberId === undefined) return undefined;
  const device = person.devices.find((candidate) => candidate.loggedIn.size > 0);
  if (device === undefined) return undefined;
  return { channel: device.loggedIn.has('app') ? 'app' : 'web', device };
}

/** A repurchase reminder that did not lead to a journey: shown, not followed. */
export function runReminder(
  ctx: SimulationContext,
  person: PersonState,
  at: number,
  channel: Channel,
  journeyId: string,
): void {
  const via = reachableOn(ctx, person, channel, 'retention');
  if (via === undefined) return;
  messageTouch(ctx, openSession(ctx, person, via.channel, via.device, journeyId), at, 'retention');
}

/** The next event of a Poisson process with `perDay` events a day; never when the rate is 0. */
export function nextPoissonTime(person: PersonState, after: number, perDay: number): number {
  if (perDay <= 0) return Number.POSITIVE_INFINITY;
  return after + Math.max(60_000, person.rng.exponential(1 / perDay) * DAY);
}
