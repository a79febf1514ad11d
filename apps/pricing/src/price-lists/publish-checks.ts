import {
  baselinePrice,
  type FairnessExemption,
  type FairnessPolicy,
} from '../fairness/fairness-guard';
import { effectiveWindow, isDated, type PriceCandidate } from '../selection/price-candidate';
import { selectPrice } from '../selection/select-price';

export type OverlappingPrices = {
  sku: string;
  currency: string;
  channel: string | null;
  customerGroup: string | null;
  country: string | null;
  first: string;
  second: string;
};

const scopeKey = (price: PriceCandidate) =>
  JSON.stringify([
    price.sku,
    price.currency,
    price.channel,
    price.customerGroup,
    price.country,
    isDated(price),
  ]);

const time = (date: Date | null, unbounded: number) => (date === null ? unbounded : date.getTime());

/**
 * Pairs of prices with the same scope whose windows overlap, so selection could not choose
 * between them. A dated and an undated price of one scope may overlap: the dated one wins.
 */
export function overlappingPrices(prices: readonly PriceCandidate[]): OverlappingPrices[] {
  const byScope = new Map<string, PriceCandidate[]>();
  for (const price of prices) {
    const key = scopeKey(price);
    const group = byScope.get(key);
    if (group === undefined) byScope.set(key, [price]);
    else group.push(price);
  }
  const overlaps: OverlappingPrices[] = [];
  for (const group of byScope.values()) {
    if (group.length < 2) continue;
    const sorted = group
      .map((price) => {
        const window = effectiveWindow(price);
        return { price, from: time(window.from, -Infinity), to: time(window.to, Infinity) };
      })
      .filter((entry) => entry.from < entry.to)
      .sort((a, b) => a.from - b.from || a.price.id.localeCompare(b.price.id));
    let reach: (typeof sorted)[number] | undefined;
    for (const entry of sorted) {
      if (reach !== undefined && entry.from < reach.to) {
        const { price } = entry;
        overlaps.push({
          sku: price.sku,
          currency: price.currency,
          channel: price.channel,
          customerGroup: price.customerGroup,
          country: price.country,
          first: reach.price.id,
          second: price.id,
        });
      }
      if (reach === undefined || entry.to > reach.to) reach = entry;
    }
  }
  return overlaps;
}

export type FairnessViolation = {
  sku: string;
  currency: string;
  /** Null: any channel the list names no price for. */
  channel: string | null;
  country: string | null;
  customerGroup: string;
  at: string;
  memberPrice: number;
  memberPriceId: string;
  baselinePrice: number;
  baselinePriceId: string;
  baselineGroup: string | null;
};

// A channel no price names, standing for every such channel.
const ANY_OTHER_CHANNEL = '*';

/**
 * Where a member group would pay more than a newcomer under `prices` alone: every member group,
 * channel and country the prices name (and "any other"), at every moment a window opens or
 * closes. One violation per SKU, currency and member group (the first found), to keep the answer short.
 */
export function fairnessViolations(
  prices: readonly PriceCandidate[],
  policy: FairnessPolicy,
  exemptions: readonly FairnessExemption[],
): FairnessViolation[] {
  const bySku = new Map<string, PriceCandidate[]>();
  for (const price of prices) {
    const key = `${price.sku}\u0000${price.currency}`;
    const group = bySku.get(key);
    if (group === undefined) bySku.set(key, [price]);
    else group.push(price);
  }
  const violations: FairnessViolation[] = [];
  for (const candidates of bySku.values()) {
    const memberGroups = [
      ...new Set(
        candidates
          .map((price) => price.customerGroup)
          .filter(
            (group): group is string => group !== null && policy.memberGroups.includes(group),
          ),
      ),
    ];
    if (memberGroups.length === 0) continue;
    const { sku, currency } = candidates[0];
    const channels = [...new Set(candidates.map((price) => price.channel ?? ANY_OTHER_CHANNEL))];
    if (!channels.includes(ANY_OTHER_CHANNEL)) channels.push(ANY_OTHER_CHANNEL);
    const countries = [...new Set(candidates.map((price) => price.country))];
    if (!countries.includes(null)) countries.push(null);
    const moments = new Set<number>();
    for (const price of candidates) {
      const window = effectiveWindow(price);
      moments.add(window.from?.getTime() ?? 0);
      if (window.to !== null) moments.add(window.to.getTime());
    }
    for (const group of memberGroups) {
      const found = firstViolation(
        candidates,
        group,
        channels,
        countries,
        [...moments].sort((a, b) => a - b),
        {
          policy,
          exemptions,
        },
      );
      if (found !== undefined) violations.push({ sku, currency, customerGroup: group, ...found });
    }
  }
  return violations;
}

function firstViolation(
  candidates: readonly PriceCandidate[],
  group: string,
  channels: readonly string[],
  countries: readonly (string | null)[],
  moments: readonly number[],
  fairness: { policy: FairnessPolicy; exemptions: readonly FairnessExemption[] },
): Omit<FairnessViolation, 'sku' | 'currency' | 'customerGroup'> | undefined {
  for (const moment of moments) {
    const at = new Date(moment);
    for (const channel of channels) {
      for (const country of countries) {
        const query = {
          channel,
          country: country ?? undefined,
          at,
          quantity: 1,
          customerGroups: [group],
        };
        const member = selectPrice(candidates, query, { explain: false }).selected;
        if (member === undefined) continue;
        const sku = candidates[0].sku;
        const baseline = baselinePrice(
          candidates,
          query,
          fairness.policy,
          fairness.exemptions,
          sku,
        );
        if (baseline !== undefined && member.amount > baseline.amount)
          return {
            channel: channel === ANY_OTHER_CHANNEL ? null : channel,
            country,
            at: at.toISOString(),
            memberPrice: member.amount,
            memberPriceId: member.priceId,
            baselinePrice: baseline.amount,
            baselinePriceId: baseline.price.priceId,
            baselineGroup: baseline.group,
          };
      }
    }
  }
  return undefined;
}
