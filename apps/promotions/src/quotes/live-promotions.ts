import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import type { PromotionsConfig } from '../config/promotions-config';
import type { Campaign } from '../campaigns/campaign.entity';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { CampaignsService } from '../campaigns/campaigns.service';
import { RULE_REGISTRY } from '../campaigns/rule-registry.provider';
import { ReadModelChanges } from '../read-models/read-model-changes';
import {
  applicationOrder,
  type CompiledPromotion,
  type PromotionDefinition,
  type RuleRegistry,
} from '../engine';

type LiveEntry = { campaign: Campaign; promotion: CompiledPromotion };
type CompiledEntry = { source: string; promotion: CompiledPromotion };
/** The promotions a channel's carts see between two campaign window edges. */
type ChannelView = { from: number; until: number; promotions: readonly CompiledPromotion[] };

/** A notification about a campaign (its status changed, or it was deleted), or about everything. */
const CAMPAIGN_CHANGE = /^\["campaign"|^\[\]$/;

/**
 * The live campaigns' promotions, compiled once, so a quote reads no campaign table. They are
 * reloaded at once after a campaign's status changes, in this process or (as its commit is
 * heard) in any other, and every `refreshMs` for the budgets and flash units left.
 */
@Injectable()
export class LivePromotions {
  private entries: LiveEntry[] = [];
  /** Each live promotion compiled, with the definition it was compiled from. */
  private compiled = new Map<string, CompiledEntry>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  /** Counts the changes heard, so a load that began before one is not taken as current. */
  private changes = 0;
  private loading: Promise<void> | undefined;
  private views = new Map<string, ChannelView>();

  constructor(
    private readonly campaigns: CampaignsRepository,
    @Inject(RULE_REGISTRY) private readonly registry: RuleRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: PromotionsConfig,
    service: CampaignsService,
    readModelChanges: ReadModelChanges,
  ) {
    service.onChange(() => this.changed());
    readModelChanges.subscribe({
      onNotification: (payload) => {
        if (CAMPAIGN_CHANGE.test(payload)) this.changed();
      },
      // A launch or end committed while the connection was away went unheard.
      onListening: () => this.changed(),
    });
  }

  private changed(): void {
    this.changes += 1;
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Every live promotion in the order they apply, marked unavailable where its campaign's
   * window or channels exclude the cart. The list is the same for a channel until the next
   * edge of a campaign window or the next reload, so it is kept until then.
   */
  async forCart(channel: string, at: Date): Promise<readonly CompiledPromotion[]> {
    if (Date.now() - this.loadedAt >= this.config.quotes.refreshMs) await this.reload();
    const instant = at.getTime();
    const kept = this.views.get(channel);
    if (kept !== undefined && kept.from <= instant && instant < kept.until) return kept.promotions;
    let from = Number.NEGATIVE_INFINITY;
    let until = Number.POSITIVE_INFINITY;
    for (const { campaign } of this.entries)
      for (const edge of [campaign.startsAt.getTime(), campaign.endsAt.getTime()])
        if (edge <= instant) from = Math.max(from, edge);
        else until = Math.min(until, edge);
    const promotions = this.entries.map(({ campaign, promotion }): CompiledPromotion => {
      if (at < campaign.startsAt || at >= campaign.endsAt)
        return {
          ...promotion,
          unavailable: {
            reason: 'outside-window',
            explanation: `campaign ${campaign.name} runs ${campaign.startsAt.toISOString()}–${campaign.endsAt.toISOString()}`,
          },
        };
      if (!campaign.channels.includes(channel))
        return {
          ...promotion,
          unavailable: {
            reason: 'channel-mismatch',
            explanation: `campaign ${campaign.name} runs on ${campaign.channels.join(', ')}`,
          },
        };
      return promotion;
    });
    this.views.set(channel, { from, until, promotions });
    return promotions;
  }

  private reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const startedAt = Date.now();
    const changes = this.changes;
    const live = await this.campaigns.inStatuses(['live']);
    const compiled = new Map<string, CompiledEntry>();
    const entries = live.flatMap(({ campaign, promotions }) =>
      promotions.map((row) => {
        const definition: PromotionDefinition = {
          id: row.id,
          campaignId: campaign.id,
          name: row.name,
          currency: campaign.currency,
          priority: row.priority,
          conditions: row.conditions,
          actions: row.actions,
          stopsFurtherPromotions: row.stopsFurther,
          ...(row.exclusiveGroup === null ? {} : { exclusiveGroup: row.exclusiveGroup }),
          allowBelowFloor: campaign.allowBelowFloor,
        };
        // Parsing every rule's arguments again each refresh would cost the event loop tens of
        // milliseconds a second for nothing: a live promotion's rules do not change, only the
        // budget and flash units left, which are set on the compiled promotion as they are.
        const source = JSON.stringify(definition);
        const cached = this.compiled.get(row.id);
        const entry =
          cached?.source === source
            ? cached
            : { source, promotion: this.registry.compile(definition) };
        compiled.set(row.id, entry);
        return {
          campaign,
          promotion: {
            ...entry.promotion,
            ...(row.unitCap === null ? {} : { unitsLeft: row.unitCap - row.unitsSold }),
            budget: {
              ...(campaign.budgetAmount === null
                ? {}
                : { remainingAmount: campaign.budgetAmount - campaign.spentAmount }),
              ...(campaign.budgetRedemptions === null
                ? {}
                : { remainingRedemptions: campaign.budgetRedemptions - campaign.redemptions }),
            },
          },
        };
      }),
    );
    // Kept in the order they apply, so a quote need not sort them (stacking only checks it).
    const order = new Map(
      applicationOrder(entries.map(({ promotion }) => promotion)).map((promotion, index) => [
        promotion.id,
        index,
      ]),
    );
    this.entries = entries.sort((a, b) => order.get(a.promotion.id)! - order.get(b.promotion.id)!);
    this.compiled = compiled;
    this.views = new Map();
    // A change heard meanwhile may have committed after the campaigns were read.
    if (changes === this.changes) this.loadedAt = startedAt;
  }
}
