import type { Channel } from '@omni/contracts';
import type { Campaign, CampaignPurpose, SimulationConfig } from '../config/simulation-config';
import type { Prng } from '../random/prng';

/** Looks campaigns up by channel and purpose. */
export class CampaignBook {
  readonly all: readonly Campaign[];
  private readonly index = new Map<Channel, Map<CampaignPurpose, Campaign[]>>();

  constructor(config: SimulationConfig) {
    this.all = config.marketing.campaigns;
    for (const campaign of this.all) {
      const byPurpose = this.index.get(campaign.channel) ?? new Map<CampaignPurpose, Campaign[]>();
      const list = byPurpose.get(campaign.purpose) ?? [];
      list.push(campaign);
      byPurpose.set(campaign.purpose, list);
      this.index.set(campaign.channel, byPurpose);
    }
  }

  /** A campaign running on the channel for the purpose, or undefined when there is none. */
  pick(channel: Channel, purpose: CampaignPurpose, rng: Prng): Campaign | undefined {
    const list = this.index.get(channel)?.get(purpose);
    return list === undefined ? undefined : rng.pick(list);
  }

  has(channel: Channel, purpose: CampaignPurpose): boolean {
    return this.index.get(channel)?.has(purpose) ?? false;
  }
}

/** The UTM-style campaign context of an event that came from the campaign. */
export function campaignContext(campaign: Campaign): {
  id: string;
  source: string;
  medium: string;
  name: string;
} {
  return {
    id: campaign.id,
    source: campaign.source,
    medium: campaign.medium,
    name: campaign.name,
  };
}
