import type { Channel } from '@omni/contracts';
import { canUse, weightedChannel } from '../channels/channel-choice';
import { deviceFits, isCommerce, isDeviceless } from '../channels/channel-profiles';
import type { SimulationContext } from '../engine/simulation-context';
import type { DeviceState, PersonState } from '../people/person';
import { DAY, HOUR, MINUTE, SECOND } from '../time/sim-time';
import type { JourneySource } from './journey.types';

export type SessionRole = 'first-touch' | 'research' | 'purchase';

export interface SessionPlan {
  readonly role: SessionRole;
  readonly channel: Channel;
  readonly device: DeviceState | undefined;
  readonly time: number;
  productViews: number;
}

/** A journey decided up front: its funnel outcome, channels, devices and session times. */
export interface JourneyPlan {
  readonly category: string;
  readonly reachesCart: boolean;
  readonly reachesCheckout: boolean;
  readonly orders: boolean;
  readonly purchaseChannel: Channel;
  readonly purchaseDevice: DeviceState;
  /** First touch first, purchase session last, research in time order between them. */
  readonly sessions: readonly SessionPlan[];
}

export function planJourney(
  ctx: SimulationContext,
  person: PersonState,
  start: number,
  source: JourneySource,
  via: Channel | undefined,
): JourneyPlan {
  const rng = person.rng;
  const settings = ctx.config.journey;
  const reachesCart = rng.chance(settings.funnel.addToCart);
  const reachesCheckout = reachesCart && rng.chance(settings.funnel.checkout);
  const orders = reachesCheckout && rng.chance(settings.funnel.order);

  let purchaseDevice = choosePurchaseDevice(person);
  let purchaseChannel = weightedChannel(
    rng,
    settings.purchaseChannels,
    (channel) => isCommerce(channel) && deviceFits(purchaseDevice.type, channel),
  );
  if (purchaseChannel === undefined) {
    purchaseDevice = person.devices[0];
    purchaseChannel =
      weightedChannel(rng, settings.purchaseChannels, (channel) => isCommerce(channel)) ?? 'tmall';
  }

  const firstChannel = firstTouchChannel(ctx, person, source, via);
  const channelCount = rng.weighted(settings.channelCounts.map((c) => [c.channels, c.share]));
  const planned: Channel[] = [firstChannel];
  if (purchaseChannel !== firstChannel) planned.push(purchaseChannel);

  // facts: 65% of decisions cross devices; a second device needs a channel it can reach.
  const others = person.devices.filter((device) => device !== purchaseDevice);
  const altDevice =
    others.length > 0 && rng.chance(person.crossDeviceChance) ? rng.pick(others) : undefined;
  const research: Channel[] = [];
  while (planned.length + research.length < channelCount) {
    const taken = [...planned, ...research];
    const needsAlt =
      altDevice !== undefined && !taken.some((channel) => deviceFits(altDevice.type, channel));
    const next = weightedChannel(
      rng,
      settings.researchChannels,
      (channel) =>
        !taken.includes(channel) &&
        canUse(person, channel) &&
        (!needsAlt || deviceFits(altDevice.type, channel)),
    );
    if (next === undefined) break;
    research.push(next);
  }
  const extraCount = rng.int(settings.extraSessions.min, settings.extraSessions.max);
  const revisits = [...research, purchaseChannel].filter(isCommerce);
  for (let index = 0; index < extraCount && revisits.length > 0; index++) {
    research.push(rng.pick(revisits));
  }

  let altUsed = false;
  const deviceFor = (channel: Channel): DeviceState | undefined => {
    if (isDeviceless(channel)) return undefined;
    const fits = person.devices.filter((device) => deviceFits(device.type, channel));
    if (altDevice !== undefined && fits.includes(altDevice) && (!altUsed || rng.chance(0.5))) {
      altUsed = true;
      return altDevice;
    }
    if (fits.includes(purchaseDevice) && (altDevice === undefined || rng.chance(0.6))) {
      return purchaseDevice;
    }
    return fits.length > 0 ? rng.pick(fits) : person.devices[0];
  };

  const hesitation = rng.uniform(settings.hesitationDays.min, settings.hesitationDays.max) * DAY;
  const end = purchaseTime(ctx, person, start, start + hesitation, purchaseDevice);
  const firstPlan: SessionPlan = {
    role: 'first-touch',
    channel: firstChannel,
    device: deviceFor(firstChannel),
    time: start,
    productViews: 0,
  };
  const middle = research
    .map((channel): SessionPlan => {
      const device = deviceFor(channel);
      return {
        role: 'research',
        channel,
        device,
        time: timeBetween(ctx, person, start, end, device),
        productViews: 0,
      };
    })
    .sort((a, b) => a.time - b.time);
  const purchasePlan: SessionPlan = {
    role: 'purchase',
    channel: purchaseChannel,
    device: purchaseDevice,
    time: end,
    productViews: 1,
  };
  const sessions = [firstPlan, ...middle, purchasePlan];

  // facts: detail pages are viewed 4–6 times, spread over the sessions that sell.
  const viewing = sessions.filter((session) => isCommerce(session.channel));
  const views = rng.int(settings.productViews.min, settings.productViews.max);
  for (let view = 1; view < views; view++) rng.pick(viewing).productViews += 1;

  return {
    category: rng.pick(ctx.catalogue.categories),
    reachesCart,
    reachesCheckout,
    orders,
    purchaseChannel,
    purchaseDevice,
    sessions,
  };
}

function choosePurchaseDevice(person: PersonState): DeviceState {
  const nonMobile = person.devices.filter((device) => device.type !== 'mobile');
  if (nonMobile.length > 0 && person.rng.chance(person.nonMobilePurchaseChance)) {
    return person.rng.pick(nonMobile);
  }
  const phones = person.devices.filter((device) => device.type === 'mobile');
  return person.rng.pick(phones);
}

function firstTouchChannel(
  ctx: SimulationContext,
  person: PersonState,
  source: JourneySource,
  via: Channel | undefined,
): Channel {
  if (source === 'reminder' && via !== undefined) return via;
  const weights = ctx.config.firstTouchChannels[source === 'reminder' ? 'other' : source];
  return weightedChannel(person.rng, weights, (channel) => canUse(person, channel)) ?? 'web';
}

/** The purchase moment: on the day the hesitation ends, at an hour the device is used. */
function purchaseTime(
  ctx: SimulationContext,
  person: PersonState,
  start: number,
  target: number,
  device: DeviceState,
): number {
  const day = ctx.time.dayIndex(target);
  const candidate = ctx.time.dayStart(day) + ctx.hours[device.type].sample(person.rng);
  const earliest = start + 2 * HOUR;
  return candidate >= earliest ? candidate : earliest + person.rng.int(0, 7200) * SECOND;
}

/** A time strictly inside (start, end), at an hour typical for the device when possible. */
function timeBetween(
  ctx: SimulationContext,
  person: PersonState,
  start: number,
  end: number,
  device: DeviceState | undefined,
): number {
  const rng = person.rng;
  const sampler = ctx.hours[device === undefined ? 'store' : device.type];
  const firstDay = ctx.time.dayIndex(start);
  const lastDay = ctx.time.dayIndex(end);
  for (let attempt = 0; attempt < 6; attempt++) {
    const candidate = ctx.time.dayStart(rng.int(firstDay, lastDay)) + sampler.sample(rng);
    if (candidate > start + 10 * MINUTE && candidate < end - 10 * MINUTE) return candidate;
  }
  return start + (end - start) * rng.uniform(0.1, 0.9);
}
