import { env, setting } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import { service } from '../service';

/** The settings of promotions, parsed once in main.ts; its features add theirs here. */
export const promotionsConfig = defineServiceConfig(service, {
  consumerGroup: setting(
    'PROMOTIONS_CONSUMER_GROUP',
    env.string(service.name),
    'The one consumer group of every promotions handler',
  ),
  topics: {
    priceChanges: setting(
      'PROMOTIONS_PRICE_CHANGES_TOPIC',
      env.string(TOPICS.pricingPriceChanges.name),
      "Topic of pricing's price.changed, read into the price read model",
    ),
    customerChanges: setting(
      'PROMOTIONS_CUSTOMER_CHANGES_TOPIC',
      env.string(TOPICS.crmCustomerChanges.name),
      "Topic of crm's tier and segment changes, read into the customer read model",
    ),
    resolvedEvents: setting(
      'PROMOTIONS_RESOLVED_EVENTS_TOPIC',
      env.string(TOPICS.identityResolvedEvents.name),
      'Topic of identity-resolved channel events (orders, consent)',
    ),
    profileChanges: setting(
      'PROMOTIONS_PROFILE_CHANGES_TOPIC',
      env.string(TOPICS.identityProfileChanges.name),
      'Topic of profile merges, splits and erasures',
    ),
    journeyTriggers: setting(
      'PROMOTIONS_JOURNEY_TRIGGERS_TOPIC',
      env.string(TOPICS.crmJourneyTriggers.name),
      "Topic of crm's fired journey steps, which targeted offers answer",
    ),
    redemptions: setting(
      'PROMOTIONS_REDEMPTIONS_TOPIC',
      env.string(TOPICS.promotionsRedemptions.name),
      'Topic promotions publishes redemption.recorded and redemption.released to',
    ),
    offers: setting(
      'PROMOTIONS_OFFERS_TOPIC',
      env.string(TOPICS.promotionsOffers.name),
      'Topic promotions publishes offer.issued to',
    ),
  },
  quotes: {
    maxLines: setting(
      'PROMOTIONS_QUOTE_MAX_LINES',
      env.int(200, 1, 10_000),
      'The most lines one quote request may carry',
    ),
    refreshMs: setting(
      'PROMOTIONS_LIVE_REFRESH_MS',
      env.int(1_000, 50, 600_000),
      'How often each process reloads live promotions and budgets for quotes (a change made through this process applies at once)',
    ),
  },
});

export type PromotionsConfig = ServiceConfigOf<typeof promotionsConfig>;
