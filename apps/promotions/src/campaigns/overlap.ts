import type { RuleRef } from '../engine';

export type CampaignFootprint = {
  id: string;
  name: string;
  channels: readonly string[];
  currency: string;
  startsAt: Date;
  endsAt: Date;
  promotions: readonly { conditions: readonly RuleRef[]; actions: readonly RuleRef[] }[];
};

export type OverlapWarning = { campaignId: string; name: string; explanation: string };

type Skus = 'all' | { skus: Set<string>; categories: Set<string> };
type Audience = 'everyone' | { tiers: boolean; segments: Set<string> };

type ScopeArgs = { skus?: string[]; categories?: string[] };

function skusOf(campaign: CampaignFootprint): Skus {
  const skus = new Set<string>();
  const categories = new Set<string>();
  for (const promotion of campaign.promotions) {
    const cartItems = promotion.conditions.filter((ref) => ref.code === 'items-in-cart');
    for (const ref of [...promotion.actions, ...cartItems]) {
      const args = (ref.args ?? {}) as ScopeArgs;
      // Gifts and free shipping touch no SKU of the cart; every other unscoped action touches all.
      if (ref.code === 'gift' || ref.code === 'free-shipping') continue;
      if (args.skus === undefined && args.categories === undefined) {
        if (cartItems.length === 0 || cartItems.includes(ref)) return 'all';
        continue;
      }
      args.skus?.forEach((sku) => skus.add(sku));
      args.categories?.forEach((category) => categories.add(category));
    }
  }
  return { skus, categories };
}

function audienceOf(campaign: CampaignFootprint): Audience {
  let tiers = false;
  const segments = new Set<string>();
  for (const promotion of campaign.promotions) {
    const tier = promotion.conditions.some((ref) => ref.code === 'tier-at-least');
    const segment = promotion.conditions.find((ref) => ref.code === 'segment');
    if (!tier && segment === undefined) return 'everyone';
    tiers ||= tier;
    ((segment?.args as { segments?: string[] } | undefined)?.segments ?? []).forEach((name) =>
      segments.add(name),
    );
  }
  return { tiers, segments };
}

const intersects = (a: Set<string>, b: Set<string>) => [...a].some((value) => b.has(value));

function skusOverlap(a: Skus, b: Skus): boolean {
  if (a === 'all' || b === 'all') return true;
  return intersects(a.skus, b.skus) || intersects(a.categories, b.categories);
}

function audiencesOverlap(a: Audience, b: Audience): boolean {
  if (a === 'everyone' || b === 'everyone') return true;
  return (a.tiers && b.tiers) || intersects(a.segments, b.segments);
}

/** Campaigns that run at the same time, on a shared channel, on shared SKUs for a shared audience. */
export function overlapWarnings(
  candidate: CampaignFootprint,
  others: readonly CampaignFootprint[],
): OverlapWarning[] {
  const skus = skusOf(candidate);
  const audience = audienceOf(candidate);
  return others
    .filter(
      (other) =>
        other.id !== candidate.id &&
        other.currency === candidate.currency &&
        other.startsAt < candidate.endsAt &&
        candidate.startsAt < other.endsAt &&
        other.channels.some((channel) => candidate.channels.includes(channel)) &&
        skusOverlap(skus, skusOf(other)) &&
        audiencesOverlap(audience, audienceOf(other)),
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((other) => ({
      campaignId: other.id,
      name: other.name,
      explanation: `runs ${other.startsAt.toISOString()}–${other.endsAt.toISOString()} on ${other.channels
        .filter((channel) => candidate.channels.includes(channel))
        .join(', ')} for the same SKUs and audience`,
    }));
}
