import type { Identifiers } from '@omni/contracts';
import type { SimulationContext } from '../engine/simulation-context';
import { MESSAGING_CHANNELS, own, type PersonState } from '../people/person';
import { emitIn, identifiersFor, openIdOf, pause, type Session } from './session';

/** Why the person identifies: a login while browsing is optional, checkout needs one. */
export type IdentifyReason = 'browse' | 'checkout';

/**
 * Makes the person known on the session's channel if they are not yet: a login or sign-up on
 * the app and web, WeChat authorisation and phone verification in the mini-program. Emits
 * customer.identified with the anonymous and the known identifiers together, which is what
 * links them. Returns the time after the last event.
 */
export function identify(
  ctx: SimulationContext,
  session: Session,
  at: number,
  reason: IdentifyReason,
): number {
  switch (session.channel) {
    case 'app':
    case 'web':
      return logIn(ctx, session, at);
    case 'wechat-miniprogram':
      return identifyInMiniProgram(ctx, session, at, reason);
    default:
      return at;
  }
}

/** Issues the member id; the caller emits the event that reveals it. */
export function registerMember(ctx: SimulationContext, person: PersonState, at: number): string {
  if (person.memberId === undefined) {
    person.memberId = own(person, 'memberId', ctx.ids.memberId(person.index));
    person.memberSince = at;
  }
  return person.memberId;
}

function logIn(ctx: SimulationContext, session: Session, at: number): number {
  const { person, channel } = session;
  const device = session.device ?? person.devices[0];
  if (device.loggedIn.has(channel) && person.memberId !== undefined) return at;
  const anonymous = session.identifiers;
  let time = at + pause(session);
  if (person.memberId === undefined) {
    const memberId = registerMember(ctx, person, time);
    const identifiers: Identifiers = { ...anonymous, memberId, phone: person.phone };
    if (person.email !== undefined) identifiers.email = person.email;
    session.identifiers = identifiers;
    emitIn(ctx, session, time, 'customer.identified', {
      method: 'signup',
      traits: signupTraits(person),
    });
    device.loggedIn.add(channel);
    session.identifiers = identifiersFor(ctx, person, channel, device);
    return emitSignupConsents(ctx, session, time);
  }
  const memberId = person.memberId;
  if (channel === 'app' && person.rng.chance(ctx.config.identity.appWechatLoginShare)) {
    const appId = ctx.config.wechatApps.mobileApp;
    const openId = openIdOf(ctx, person, appId);
    session.identifiers = {
      ...anonymous,
      wechatOpenId: openId,
      appId,
      wechatUnionId: person.wechatUnionId,
      memberId,
    };
    emitIn(ctx, session, time, 'customer.identified', { method: 'wechat-authorization' });
  } else {
    // Chinese sites log in with the phone number and an SMS code.
    session.identifiers = { ...anonymous, memberId, phone: person.phone };
    emitIn(ctx, session, time, 'customer.identified', { method: 'login' });
  }
  device.loggedIn.add(channel);
  session.identifiers = identifiersFor(ctx, person, channel, device);
  time += pause(session, 2, 10);
  return time;
}

function identifyInMiniProgram(
  ctx: SimulationContext,
  session: Session,
  at: number,
  reason: IdentifyReason,
): number {
  const { person } = session;
  let time = at;
  if (!person.miniProgramAuthorised) {
    time += pause(session);
    person.miniProgramAuthorised = true;
    session.identifiers = identifiersFor(ctx, person, session.channel, session.device);
    emitIn(ctx, session, time, 'customer.identified', { method: 'wechat-authorization' });
  }
  if (reason !== 'checkout' || person.miniProgramPhoneBound) return time;
  time += pause(session);
  const isNew = person.memberId === undefined;
  const memberId = registerMember(ctx, person, time);
  person.miniProgramPhoneBound = true;
  session.identifiers = { ...session.identifiers, phone: person.phone, memberId };
  emitIn(ctx, session, time, 'customer.identified', {
    method: 'phone-verification',
    ...(isNew ? { traits: signupTraits(person) } : {}),
  });
  session.identifiers = identifiersFor(ctx, person, session.channel, session.device);
  return isNew ? emitSignupConsents(ctx, session, time) : time;
}

/** A new member states marketing consent for each channel the brand could message them on. */
function emitSignupConsents(ctx: SimulationContext, session: Session, at: number): number {
  const { person } = session;
  let time = at;
  for (const channel of MESSAGING_CHANNELS) {
    if (channel === 'email' && person.email === undefined) continue;
    time += pause(session, 1, 5);
    emitIn(ctx, session, time, 'customer.consent-updated', {
      purpose: 'marketing',
      channel,
      granted: person.consent[channel],
      policyVersion: ctx.config.consent.policyVersion,
    });
  }
  return time;
}

function signupTraits(person: PersonState) {
  const { name, gender, birthday, province, city } = person.traits;
  return { name, gender, birthday, province, city };
}
