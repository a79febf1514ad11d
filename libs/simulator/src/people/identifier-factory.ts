import type { Channel } from '@omni/contracts';
import { TokenSource } from '../random/deterministic-id';
import { MOBILE_PREFIXES } from './person-traits';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

// Up to 8 devices per person and 16 owned channels per device keep the scrambled index
// below 2^32 for any population the config allows.
const deviceSlot = (person: number, device: number): number => person * 8 + device;

/**
 * Identifier values as each channel spells them. Each value is a pure function of the seed and
 * the person (and device or app), and the unique part is a bijection of the person's index, so
 * two people never share an identifier and a rerun gives the same values.
 */
export class IdentifierFactory {
  private readonly tokens: TokenSource;

  constructor(seed: number) {
    this.tokens = new TokenSource(seed);
  }

  /** An E.164 Chinese mobile number: +86, a carrier prefix, eight unique digits. */
  phone(person: number): string {
    const prefix =
      MOBILE_PREFIXES[this.tokens.word('phone-prefix', person) % MOBILE_PREFIXES.length];
    return `+86${prefix}${this.tokens.fixedDigits('phone', person, 8)}`;
  }

  /** A lower-case address: QQ mail uses a QQ number, other providers a pinyin name. */
  email(person: number, pinyin: string, domain: string): string {
    if (domain === 'qq.com') return `${this.tokens.word('qq', person) + 10_000}@qq.com`;
    return `${pinyin}.${this.tokens.fixedDigits('email', person, 8)}@${domain}`;
  }

  wechatUnionId(person: number): string {
    return `o${this.tokens.hex('union', person)}${this.tokens.noise('union', person, 19, BASE62)}`;
  }

  wechatOpenId(person: number, appId: string): string {
    const kind = `openid:${appId}`;
    return `o${this.tokens.hex(kind, person)}${this.tokens.noise(kind, person, 19, BASE62)}`;
  }

  /** A marketplace or content-platform account, in the platform's own style. */
  platformUserId(channel: Channel, person: number): string {
    const kind = `platform:${channel}`;
    switch (channel) {
      case 'tmall':
        return `t_${this.tokens.digits10(kind, person)}`;
      case 'jd':
        return `jd_${this.tokens.hex(kind, person)}`;
      case 'pinduoduo':
        return `pdd_${this.tokens.digits10(kind, person)}`;
      case 'douyin':
        return `dy_${this.tokens.digits10(kind, person)}`;
      case 'kuaishou':
        return `ks_${this.tokens.digits10(kind, person)}`;
      case 'xiaohongshu':
        return `xhs_${this.tokens.hex(kind, person)}${this.tokens.noise(kind, person, 2, HEX)}`;
      default:
        return `${channel}_${this.tokens.hex(kind, person)}`;
    }
  }

  deviceId(person: number, device: number, os: string): string {
    const prefix = os === 'ios' ? 'ios' : os === 'android' ? 'android' : 'pc';
    const slot = deviceSlot(person, device);
    return `${prefix}-${this.tokens.hex('device', slot)}${this.tokens.noise('device', slot, 2, HEX)}`;
  }

  cookieId(person: number, device: number): string {
    const slot = deviceSlot(person, device);
    return `ck-${this.tokens.hex('cookie', slot)}${this.tokens.noise('cookie', slot, 4, HEX)}`;
  }

  anonymousId(person: number, device: number, channel: Channel): string {
    return `anon-${this.tokens.hex(`anon:${channel}`, deviceSlot(person, device))}`;
  }

  memberId(person: number): string {
    return `M${this.tokens.fixedDigits('member', person, 8)}`;
  }

  loyaltyCard(person: number): string {
    return `6200${this.tokens.fixedDigits('loyalty', person, 9)}`;
  }

  /** Ten unique digits per person, for order ids and the like. */
  personDigits(person: number): string {
    return this.tokens.digits10('person-digits', person);
  }

  /** Eight unique hex digits per person, for cart and checkout ids. */
  personHex(person: number): string {
    return this.tokens.hex('person-hex', person);
  }
}
