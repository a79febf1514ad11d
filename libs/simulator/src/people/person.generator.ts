import type { SimulationConfig } from '../config/simulation-config';
import type { PersonalDeviceType } from '../channels/channel-profiles';
import { Prng } from '../random/prng';
import { DAY, type SimTime } from '../time/sim-time';
import type { IdentifierFactory } from './identifier-factory';
import { MESSAGING_CHANNELS, own, type DeviceState, type PersonState } from './person';
import {
  EMAIL_DOMAINS,
  FEMALE_GIVEN_NAMES,
  MALE_GIVEN_NAMES,
  PLACES,
  SURNAMES,
} from './person-traits';

/**
 * Device counts are 1 + Binomial(max − 1, p) with p chosen so the mean is the configured one
 * (facts: 2.6). From that follow the shares of people who own a non-phone device or several
 * devices, which turn population-level targets (76% of purchases on mobile, 65% of decisions
 * across devices) into per-person chances.
 */
export interface DeviceModel {
  readonly extraDeviceChance: number;
  readonly nonMobilePurchaseChance: number;
  readonly crossDeviceChance: number;
}

export function deviceModel(config: SimulationConfig): DeviceModel {
  const { mean, max, extraDeviceMix } = config.devices;
  const slots = max - 1;
  const extraDeviceChance = slots === 0 ? 0 : (mean - 1) / slots;
  const mixTotal = extraDeviceMix.mobile + extraDeviceMix.desktop + extraDeviceMix.tablet;
  const extraIsMobile = mixTotal === 0 ? 1 : extraDeviceMix.mobile / mixTotal;
  const ownsNonMobile = 1 - (1 - extraDeviceChance + extraDeviceChance * extraIsMobile) ** slots;
  const ownsSeveral = 1 - (1 - extraDeviceChance) ** slots;
  const ratio = (target: number, base: number): number =>
    base > 0 ? Math.min(1, target / base) : 0;
  return {
    extraDeviceChance,
    nonMobilePurchaseChance: ratio(1 - config.journey.mobilePurchaseShare, ownsNonMobile),
    crossDeviceChance: ratio(config.journey.crossDeviceShare, ownsSeveral),
  };
}

export interface PersonFactory {
  readonly config: SimulationConfig;
  readonly ids: IdentifierFactory;
  readonly time: SimTime;
  readonly devices: DeviceModel;
}

export function personId(index: number): string {
  return `P${(index + 1).toString().padStart(7, '0')}`;
}

export function createPerson(index: number, factory: PersonFactory): PersonState {
  const { config, ids, time } = factory;
  const rng = Prng.stream(config.seed, 'person', index);
  const gender = rng.chance(0.72) ? 'female' : 'male';
  const [surname, surnamePinyin] = rng.pick(SURNAMES);
  const [given, givenPinyin] = rng.pick(
    gender === 'female' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES,
  );
  const [province, city] = rng.pick(PLACES);
  const birthYear = rng.int(1972, 2006);
  const birthday = `${birthYear}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
  const traits = {
    name: `${surname}${given}`,
    gender,
    birthday,
    province,
    city,
    pinyin: `${surnamePinyin}${givenPinyin}`,
  } as const;

  const person: PersonState = {
    index,
    id: personId(index),
    rng,
    phone: ids.phone(index),
    email: rng.chance(config.identity.emailShare)
      ? ids.email(index, traits.pinyin, rng.weighted(EMAIL_DOMAINS))
      : undefined,
    wechatUnionId: ids.wechatUnionId(index),
    traits,
    devices: createDevices(index, rng, factory),
    homeStore: rng.pick(config.stores),
    storeShopper: rng.chance(config.store.shopperShare),
    nonMobilePurchaseChance: factory.devices.nonMobilePurchaseChance,
    crossDeviceChance: factory.devices.crossDeviceChance,
    consent: { sms: false, email: false, push: false },
    memberId: undefined,
    memberSince: undefined,
    loyaltyCard: undefined,
    miniProgramAuthorised: false,
    miniProgramPhoneBound: false,
    busyUntil: 0,
    journeyCount: 0,
    sequence: 0,
    owned: new Map(),
    platformUserIds: new Map(),
    openIds: new Map(),
  };
  for (const channel of MESSAGING_CHANNELS) {
    person.consent[channel] = rng.chance(config.consent.marketingGrantedShare);
  }
  own(person, 'phone', person.phone);
  own(person, 'wechatUnionId', person.wechatUnionId);
  if (person.email !== undefined) own(person, 'email', person.email);
  if (rng.chance(config.identity.existingMemberShare)) {
    person.memberId = own(person, 'memberId', ids.memberId(index));
    person.memberSince = time.startMs - Math.round(rng.uniform(30, 720)) * DAY;
    if (person.storeShopper && rng.chance(0.7)) {
      person.loyaltyCard = own(person, 'loyaltyCard', ids.loyaltyCard(index));
    }
  }
  return person;
}

function createDevices(index: number, rng: Prng, factory: PersonFactory): DeviceState[] {
  const { devices: model, config, ids } = factory;
  const count = 1 + rng.binomial(config.devices.max - 1, model.extraDeviceChance);
  const mix = config.devices.extraDeviceMix;
  const devices: DeviceState[] = [];
  for (let slot = 0; slot < count; slot++) {
    // Everyone has a phone; further devices are a second phone, a PC or a tablet.
    const type: PersonalDeviceType =
      slot === 0
        ? 'mobile'
        : rng.weighted<PersonalDeviceType>([
            ['mobile', mix.mobile],
            ['desktop', mix.desktop],
            ['tablet', mix.tablet],
          ]);
    const os =
      type === 'desktop'
        ? rng.chance(0.85)
          ? 'windows'
          : 'macos'
        : rng.chance(config.devices.iosShare)
          ? 'ios'
          : 'android';
    devices.push({
      index: slot,
      type,
      os,
      deviceId: ids.deviceId(index, slot, os),
      cookieId: ids.cookieId(index, slot),
      loggedIn: new Set(),
      anonymousIds: new Map(),
      appInstalled: false,
      deviceIdSeen: false,
      cookieIdSeen: false,
    });
  }
  return devices;
}

function pad2(value: number): string {
  return value.toString().padStart(2, '0');
}
