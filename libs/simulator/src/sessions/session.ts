import type { Channel, EventContext, Identifiers, PayloadOf } from '@omni/contracts';
import { CHANNEL_GROUP } from '../channels/channel-profiles';
import type { SimulationContext } from '../engine/simulation-context';
import type { SimulatedEventType } from '../engine/timeline';
import { cookieIdOf, deviceIdOf, own, type DeviceState, type PersonState } from '../people/person';
import { SECOND } from '../time/sim-time';

/** One visit of one person to one channel on one device (none for stores and calls). */
export interface Session {
  readonly person: PersonState;
  readonly channel: Channel;
  readonly device: DeviceState | undefined;
  readonly journeyId: string | undefined;
  /** What the channel knows about the person right now; a login widens it. */
  identifiers: Identifiers;
  readonly context: EventContext;
}

// Identifier keys of a session's current identifiers, computed once per identifiers object:
// a session emits many events with the same identifiers.
const keysOf = new WeakMap<Identifiers, readonly string[]>();

function identityKeys(ctx: SimulationContext, session: Session): readonly string[] {
  let keys = keysOf.get(session.identifiers);
  if (keys === undefined) {
    keys = ctx.identifierKeys.keysOf(session);
    keysOf.set(session.identifiers, keys);
  }
  return keys;
}

export function openSession(
  ctx: SimulationContext,
  person: PersonState,
  channel: Channel,
  device: DeviceState | undefined,
  journeyId: string | undefined,
  context?: EventContext,
): Session {
  return {
    person,
    channel,
    device,
    journeyId,
    identifiers: identifiersFor(ctx, person, channel, device),
    context: context ?? {
      ...(device === undefined ? {} : { deviceType: device.type }),
      locale: ctx.config.locale,
    },
  };
}

/** Plans one event of the session; identifiers and context are copied, never shared. */
export function emitIn<T extends SimulatedEventType>(
  ctx: SimulationContext,
  session: Session,
  at: number,
  type: T,
  payload: PayloadOf<T>,
  context?: EventContext,
): void {
  ctx.timeline.emit(
    at,
    {
      type,
      channel: session.channel,
      identifiers: { ...session.identifiers },
      context: { ...session.context, ...context },
      payload,
    },
    {
      person: session.person,
      journeyId: session.journeyId,
      identityKeys: identityKeys(ctx, session),
    },
  );
}

/** The pause between two clicks of a person, in whole seconds. */
export function pause(session: Session, minSeconds = 8, maxSeconds = 90): number {
  return session.person.rng.int(minSeconds, maxSeconds) * SECOND;
}

/**
 * The identifiers a channel sends for the person, following how each kind of channel knows its
 * users: marketplaces by their own account id, mini-programs by openId, the app and web by
 * device and cookie until a login adds the member id, messages by phone, email or device.
 */
export function identifiersFor(
  ctx: SimulationContext,
  person: PersonState,
  channel: Channel,
  device: DeviceState | undefined,
): Identifiers {
  const { config } = ctx;
  switch (CHANNEL_GROUP[channel]) {
    case 'marketplace':
    case 'social-commerce': {
      const result: Identifiers = { platformUserId: platformUserIdOf(ctx, person, channel) };
      if (
        device !== undefined &&
        device.type !== 'desktop' &&
        person.rng.chance(config.identity.marketplaceDeviceIdShare)
      ) {
        result.deviceId = deviceIdOf(person, device);
      }
      return result;
    }
    case 'owned':
      return ownedChannelIdentifiers(ctx, person, channel, device ?? person.devices[0]);
    case 'messaging':
      if (channel === 'email' && person.email !== undefined) return { email: person.email };
      if (channel === 'push' && device !== undefined)
        return { deviceId: deviceIdOf(person, device) };
      return { phone: person.phone };
    case 'store':
      if (person.loyaltyCard === undefined) return { phone: person.phone };
      return person.memberId === undefined
        ? { loyaltyCard: person.loyaltyCard }
        : { loyaltyCard: person.loyaltyCard, memberId: person.memberId };
    case 'contact':
      return { phone: person.phone };
  }
}

function ownedChannelIdentifiers(
  ctx: SimulationContext,
  person: PersonState,
  channel: Channel,
  device: DeviceState,
): Identifiers {
  if (channel === 'wechat-miniprogram') {
    const appId = ctx.config.wechatApps.miniProgram;
    const result: Identifiers = { wechatOpenId: openIdOf(ctx, person, appId), appId };
    if (person.miniProgramAuthorised) result.wechatUnionId = person.wechatUnionId;
    if (person.miniProgramPhoneBound && person.memberId !== undefined) {
      result.memberId = person.memberId;
    }
    return result;
  }
  const member = device.loggedIn.has(channel) ? person.memberId : undefined;
  if (channel === 'app') {
    device.appInstalled = true;
    const result: Identifiers = { deviceId: deviceIdOf(person, device) };
    if (member !== undefined) result.memberId = member;
    else result.anonymousId = anonymousIdOf(ctx, person, device, channel);
    return result;
  }
  const result: Identifiers = { cookieId: cookieIdOf(person, device) };
  if (member !== undefined) result.memberId = member;
  return result;
}

function anonymousIdOf(
  ctx: SimulationContext,
  person: PersonState,
  device: DeviceState,
  channel: Channel,
): string {
  let value = device.anonymousIds.get(channel);
  if (value === undefined) {
    value = own(person, 'anonymousId', ctx.ids.anonymousId(person.index, device.index, channel));
    device.anonymousIds.set(channel, value);
  }
  return value;
}

/** The person's account on a marketplace or content platform, created on first use. */
export function platformUserIdOf(
  ctx: SimulationContext,
  person: PersonState,
  channel: Channel,
): string {
  let value = person.platformUserIds.get(channel);
  if (value === undefined) {
    value = own(person, 'platformUserId', ctx.ids.platformUserId(channel, person.index), channel);
    person.platformUserIds.set(channel, value);
  }
  return value;
}

/** The person's openId in one WeChat app, created on first use. */
export function openIdOf(ctx: SimulationContext, person: PersonState, appId: string): string {
  let value = person.openIds.get(appId);
  if (value === undefined) {
    value = own(person, 'wechatOpenId', ctx.ids.wechatOpenId(person.index, appId), appId);
    person.openIds.set(appId, value);
  }
  return value;
}
