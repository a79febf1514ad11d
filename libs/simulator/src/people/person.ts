import type { Channel, IdentifierType } from '@omni/contracts';
import type { Store } from '../config/simulation-config';
import type { PersonalDeviceType } from '../channels/channel-profiles';
import { identifierKey, type TruthIdentifier } from '../ground-truth/identifier-key';
import type { Prng } from '../random/prng';

/** The channels the brand's CRM messages people on; consent is kept per channel. */
export type MessagingChannel = 'sms' | 'email' | 'push';
export const MESSAGING_CHANNELS: readonly MessagingChannel[] = ['sms', 'email', 'push'];

export interface DeviceState {
  readonly index: number;
  readonly type: PersonalDeviceType;
  readonly os: 'ios' | 'android' | 'windows' | 'macos';
  readonly deviceId: string;
  readonly cookieId: string;
  /** Owned channels (app, web) where the person is logged in on this device. */
  readonly loggedIn: Set<Channel>;
  /** SDK anonymous ids, one per owned channel on this device. */
  readonly anonymousIds: Map<Channel, string>;
  /** The brand app has been opened here, so push can reach it. */
  appInstalled: boolean;
  /** Whether deviceId and cookieId have been handed out yet (and so recorded as owned). */
  deviceIdSeen: boolean;
  cookieIdSeen: boolean;
}

export interface PersonTraits {
  readonly name: string;
  readonly gender: 'female' | 'male';
  readonly birthday: string;
  readonly province: string;
  readonly city: string;
  readonly pinyin: string;
}

/** A simulated person: stable identifiers plus what they have done so far. */
export interface PersonState {
  readonly index: number;
  readonly id: string;
  /** The person's own random stream: their behaviour never depends on anyone else's. */
  readonly rng: Prng;
  readonly phone: string;
  readonly email: string | undefined;
  readonly wechatUnionId: string;
  readonly traits: PersonTraits;
  readonly devices: readonly DeviceState[];
  readonly homeStore: Store;
  readonly storeShopper: boolean;
  /** Chance that an online purchase is made on a desktop or tablet, tuned to the mobile share. */
  readonly nonMobilePurchaseChance: number;
  /** Chance that a journey uses more than one device, tuned to the cross-device share. */
  readonly crossDeviceChance: number;
  readonly consent: Record<MessagingChannel, boolean>;
  memberId: string | undefined;
  memberSince: number | undefined;
  loyaltyCard: string | undefined;
  miniProgramAuthorised: boolean;
  miniProgramPhoneBound: boolean;
  /** Person actions before this instant wait: one journey at a time. */
  busyUntil: number;
  journeyCount: number;
  /** Per-person counter that makes cart, order and other ids unique. */
  sequence: number;
  /** Every identifier the person has come to own, by key. */
  readonly owned: Map<string, TruthIdentifier>;
  /** Platform account ids by channel, and WeChat openIds by appId, once created. */
  readonly platformUserIds: Map<Channel, string>;
  readonly openIds: Map<string, string>;
}

/** Records an identifier as the person's and returns its value. */
export function own(
  person: PersonState,
  type: IdentifierType,
  value: string,
  scope?: string,
): string {
  const identifier: TruthIdentifier =
    scope === undefined ? { type, value } : { type, value, scope };
  const key = identifierKey(identifier);
  if (!person.owned.has(key)) person.owned.set(key, identifier);
  return value;
}

/** The device's id, recorded as the person's the first time it is used. */
export function deviceIdOf(person: PersonState, device: DeviceState): string {
  if (!device.deviceIdSeen) {
    device.deviceIdSeen = true;
    own(person, 'deviceId', device.deviceId);
  }
  return device.deviceId;
}

export function cookieIdOf(person: PersonState, device: DeviceState): string {
  if (!device.cookieIdSeen) {
    device.cookieIdSeen = true;
    own(person, 'cookieId', device.cookieId);
  }
  return device.cookieId;
}

export function nextSequence(person: PersonState): number {
  person.sequence += 1;
  return person.sequence;
}
