import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * E.164 for a phone as sent, or null when it is not a valid number in `region`. Parsing with
 * libphonenumber costs tens of µs, and one person's number recurs across their events, so
 * answers are memoised per (region, raw value) in a bounded map: a pure function of its input,
 * so caching it per process changes no result. When full, the oldest entry makes room (hits
 * are not refreshed: a plain insertion-ordered Map keeps the hot path to one lookup).
 */
export class PhoneNormaliser {
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly maxEntries = 50_000) {}

  toE164(raw: string, region: string): string | null {
    const key = `${region}\u0000${raw}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const phone = parsePhoneNumberFromString(raw, region as CountryCode);
    const e164 = phone?.isValid() ? phone.number : null;
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(key, e164);
    return e164;
  }

  get size(): number {
    return this.cache.size;
  }
}

/** One per process: the answers depend only on the input. */
export const phoneNormaliser = new PhoneNormaliser();
