import type { Channel } from '@omni/contracts';
import type { PersonState } from '../people/person';
import type { Prng } from '../random/prng';
import { deviceFits, isDeviceless } from './channel-profiles';

type ChannelWeights = Partial<Record<Channel, number>>;

// Config weight maps never change during a run, so their entries are listed once.
const entriesOf = new WeakMap<ChannelWeights, readonly (readonly [Channel, number])[]>();

function positiveEntries(weights: ChannelWeights): readonly (readonly [Channel, number])[] {
  let entries = entriesOf.get(weights);
  if (entries === undefined) {
    entries = (Object.entries(weights) as [Channel, number][]).filter(([, weight]) => weight > 0);
    entriesOf.set(weights, entries);
  }
  return entries;
}

/** A channel drawn by weight among those passing `allowed`; undefined when none does. */
export function weightedChannel(
  rng: Prng,
  weights: ChannelWeights,
  allowed: (channel: Channel) => boolean,
): Channel | undefined {
  const entries = positiveEntries(weights);
  let total = 0;
  for (const [channel, weight] of entries) if (allowed(channel)) total += weight;
  if (total <= 0) return undefined;
  let target = rng.next() * total;
  let last: Channel | undefined;
  for (const [channel, weight] of entries) {
    if (!allowed(channel)) continue;
    last = channel;
    target -= weight;
    if (target < 0) return channel;
  }
  return last;
}

/** Whether the person can be on the channel at all: a fitting device, an email, the app. */
export function canUse(person: PersonState, channel: Channel): boolean {
  if (isDeviceless(channel)) return true;
  if (channel === 'email' && person.email === undefined) return false;
  if (channel === 'push') return person.devices.some((device) => device.appInstalled);
  return person.devices.some((device) => deviceFits(device.type, channel));
}
