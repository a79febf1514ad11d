import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HEADERS, type DownstreamEventOf } from '@omni/contracts';
import { Outbox } from '@omni/messaging';
import { transactionAtNow } from '@omni/database';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditRepository, type Change } from '../audit/audit.repository';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import type { PromotionsConfig } from '../config/promotions-config';
import { CouponsRepository } from '../coupons/coupons.repository';
import { ReadModelsRepository } from '../read-models/read-models.repository';
import {
  SEGMENT_JOINED,
  type CreateOfferRule,
  type OfferDto,
  type OfferRuleDto,
} from './dto/offer-rule.dto';
import { OffersRepository, type OfferRule, type OfferRow } from './offers.repository';
import { assignVariant, matchesTrigger } from './variant';

const DAY_MS = 86_400_000;
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export type TriggerCause = {
  customerId: string;
  /** What makes the offer once per rule: the journey step, or the segment entry. */
  sourceKey: string;
  /** The channel event behind the trigger, if any: a profile split moves the offer with it. */
  originEventKey?: string | undefined;
  correlationId: string;
  causationId: string;
  occurredAt: Date;
};

export type IssueOutcome = { issued: OfferRow[]; withoutConsent: string[]; duplicates: string[] };

/**
 * Targeted offers: a fired journey step, or a customer entering a crm segment, that matches a
 * live campaign's offer rule issues a unique coupon of the customer's A/B variant, once per rule
 * and step or entry, and only with marketing consent. The offer, its coupon and offer.issued commit together.
 */
@Injectable()
export class OffersService {
  private readonly logger = new Logger(OffersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly offers: OffersRepository,
    private readonly coupons: CouponsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly readModels: ReadModelsRepository,
    private readonly audit: AuditRepository,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: PromotionsConfig,
  ) {}

  async createRule(
    campaignId: string,
    request: CreateOfferRule,
    change: Change,
  ): Promise<OfferRuleDto> {
    const rule: OfferRule = {
      id: `ofr_${randomUUID()}`,
      campaignId,
      trigger: request.trigger,
      reason: request.offerReason,
      match: request.match,
      experimentId: request.experimentId,
      variants: request.variants,
      validDays: request.validDays,
    };
    await transactionAtNow(this.dataSource, async (tx, now) => {
      const campaign = await this.campaigns.lock(tx, campaignId);
      if (campaign === undefined)
        throw new ApiError(404, 'campaign_not_found', `no campaign ${campaignId}`);
      if (campaign.status !== 'draft')
        throw new ApiError(
          409,
          'campaign_not_draft',
          `campaign ${campaignId} is ${campaign.status}: offer rules are added to drafts only`,
        );
      await this.offers.insertRule(tx, rule, now);
      await this.audit.record(
        tx,
        change,
        'offer-rule.added',
        `campaign:${campaignId}`,
        { rule },
        now,
      );
    });
    return rule;
  }

  rulesOf(campaignId: string): Promise<OfferRuleDto[]> {
    return this.offers.rulesOf(campaignId);
  }

  async offersOf(customerId: string): Promise<OfferDto[]> {
    return (await this.offers.offersOf(customerId)).map((offer) => ({
      id: offer.id,
      campaignId: offer.campaignId,
      experimentId: offer.experimentId,
      variant: offer.variant,
      couponCode: offer.couponCode,
      validFrom: offer.validFrom.toISOString(),
      validTo: offer.validTo.toISOString(),
      issuedAt: offer.issuedAt.toISOString(),
    }));
  }

  async onJourneyTriggered(
    tx: EntityManager,
    fired: DownstreamEventOf<'journey.triggered'>['payload'],
    cause: TriggerCause,
  ): Promise<IssueOutcome> {
    const rules = (await this.offers.liveRules(tx, fired.trigger, cause.occurredAt)).filter(
      (rule) => matchesTrigger(rule.match, fired),
    );
    return this.issue(tx, rules, cause);
  }

  /** A customer entered a crm segment: the live segment-joined rules naming it offer once per entry. */
  async onSegmentJoined(
    tx: EntityManager,
    segment: { segmentId: string; segmentName: string },
    cause: TriggerCause,
  ): Promise<IssueOutcome> {
    const rules = (await this.offers.liveRules(tx, SEGMENT_JOINED, cause.occurredAt)).filter(
      (rule) =>
        rule.match.segments?.some(
          (wanted) => wanted === segment.segmentId || wanted === segment.segmentName,
        ) === true,
    );
    return this.issue(tx, rules, cause);
  }

  /**
   * Issues each rule's offer to the customer, only with marketing consent: a single-use code of
   * the customer's sticky variant, once per rule and source key, with offer.issued.
   */
  private async issue(
    tx: EntityManager,
    rules: readonly OfferRule[],
    cause: TriggerCause,
  ): Promise<IssueOutcome> {
    const outcome: IssueOutcome = { issued: [], withoutConsent: [], duplicates: [] };
    if (rules.length === 0) return outcome;
    if (!(await this.readModels.hasMarketingConsent(tx, cause.customerId))) {
      outcome.withoutConsent.push(...rules.map((rule) => rule.id));
      this.logger.log(
        { customerId: cause.customerId, rules: outcome.withoutConsent },
        'no offer: no marketing consent',
      );
      return outcome;
    }
    for (const rule of rules) {
      const proposed = assignVariant(rule.experimentId, cause.customerId, rule.variants);
      const variantName = await this.offers.assignment(
        tx,
        rule.experimentId,
        cause.customerId,
        proposed,
        cause.occurredAt,
      );
      const variant =
        rule.variants.find((entry) => entry.name === variantName) ??
        rule.variants.find((entry) => entry.name === proposed)!;
      const offer: OfferRow = {
        id: `off_${createHash('sha256').update(`${rule.id}\u0000${cause.sourceKey}`).digest('hex').slice(0, 32)}`,
        ruleId: rule.id,
        campaignId: rule.campaignId,
        customerId: cause.customerId,
        sourceKey: cause.sourceKey,
        experimentId: rule.experimentId,
        variant: variant.name,
        couponCode: `OF-${[...randomBytes(10)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`,
        validFrom: cause.occurredAt,
        validTo: new Date(cause.occurredAt.getTime() + rule.validDays * DAY_MS),
        issuedAt: cause.occurredAt,
        originEventKey: cause.originEventKey ?? null,
      };
      if (!(await this.offers.insertOffer(tx, offer))) {
        outcome.duplicates.push(rule.id);
        continue;
      }
      await this.coupons.insert(
        tx,
        [
          {
            code: offer.couponCode,
            campaignId: rule.campaignId,
            batchId: variant.batchId,
            customerId: cause.customerId,
            maxUses: 1,
            perCustomerLimit: null,
            validFrom: offer.validFrom,
            validTo: offer.validTo,
            experimentId: rule.experimentId,
            variant: variant.name,
          },
        ],
        cause.occurredAt,
      );
      await this.outbox.enqueue(tx, {
        topic: this.config.topics.offers,
        key: cause.customerId,
        headers: { [HEADERS.eventType]: 'offer.issued', [HEADERS.eventVersion]: '1' },
        value: {
          eventId: `offer-issued-${offer.id}`,
          type: 'offer.issued',
          version: 1,
          occurredAt: cause.occurredAt.toISOString(),
          identifiers: {},
          customerId: cause.customerId,
          correlationId: cause.correlationId,
          causationId: cause.causationId,
          payload: {
            offerId: offer.id,
            campaignId: offer.campaignId,
            reason: rule.reason,
            couponCode: offer.couponCode,
            validFrom: offer.validFrom.toISOString(),
            validTo: offer.validTo.toISOString(),
            experiment: { experimentId: offer.experimentId, variant: offer.variant },
          },
        },
      });
      outcome.issued.push(offer);
    }
    return outcome;
  }
}
