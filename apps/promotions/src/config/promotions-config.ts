import { setting } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import { service } from '../service';

/** The settings of promotions, parsed once in main.ts; its features add theirs here. */
export const promotionsConfig = defineServiceConfig(
  service,
  {
    consumerGroup: setting.text('PROMOTIONS_CONSUMER_GROUP', service.name),
    topics: {
      priceChanges: setting.topic('PROMOTIONS_PRICE_CHANGES_TOPIC', TOPICS.pricingPriceChanges),
      customerChanges: setting.topic(
        'PROMOTIONS_CUSTOMER_CHANGES_TOPIC',
        TOPICS.crmCustomerChanges,
      ),
      resolvedEvents: setting.topic(
        'PROMOTIONS_RESOLVED_EVENTS_TOPIC',
        TOPICS.identityResolvedEvents,
      ),
      profileChanges: setting.topic(
        'PROMOTIONS_PROFILE_CHANGES_TOPIC',
        TOPICS.identityProfileChanges,
      ),
      journeyTriggers: setting.topic(
        'PROMOTIONS_JOURNEY_TRIGGERS_TOPIC',
        TOPICS.crmJourneyTriggers,
      ),
      redemptions: setting.topic('PROMOTIONS_REDEMPTIONS_TOPIC', TOPICS.promotionsRedemptions),
      offers: setting.topic('PROMOTIONS_OFFERS_TOPIC', TOPICS.promotionsOffers),
    },
    quotes: {
      maxLines: setting.int('PROMOTIONS_QUOTE_MAX_LINES', 200, 1, 10_000),
      refreshMs: setting.int('PROMOTIONS_LIVE_REFRESH_MS', 1_000, 50, 600_000),
      cartFactsCacheEntries: setting.int(
        'PROMOTIONS_CART_FACTS_CACHE_ENTRIES',
        200_000,
        0,
        10_000_000,
      ),
      workers: setting.int('PROMOTIONS_QUOTE_WORKERS', 1, 0, 8),
    },
  },
  {
    PROMOTIONS_CONSUMER_GROUP: 'The one consumer group of every promotions handler',
    PROMOTIONS_PRICE_CHANGES_TOPIC:
      "Topic of pricing's price.changed, read into the price read model",
    PROMOTIONS_CUSTOMER_CHANGES_TOPIC:
      "Topic of crm's tier and segment changes, read into the customer read model",
    PROMOTIONS_RESOLVED_EVENTS_TOPIC: 'Topic of identity-resolved channel events (orders, consent)',
    PROMOTIONS_PROFILE_CHANGES_TOPIC: 'Topic of profile merges, splits and erasures',
    PROMOTIONS_JOURNEY_TRIGGERS_TOPIC:
      "Topic of crm's fired journey steps, which targeted offers answer",
    PROMOTIONS_REDEMPTIONS_TOPIC:
      'Topic promotions publishes redemption.recorded and redemption.released to',
    PROMOTIONS_OFFERS_TOPIC: 'Topic promotions publishes offer.issued to',
    PROMOTIONS_QUOTE_MAX_LINES: 'The most lines one quote request may carry',
    PROMOTIONS_LIVE_REFRESH_MS:
      'How often each process reloads live promotions for the budgets and flash units they have left (a campaign approved, launched or ended in any process applies as soon as its commit is heard)',
    PROMOTIONS_CART_FACTS_CACHE_ENTRIES:
      'The most cart facts (a customer, the prices or the floor of a SKU, a coupon, a customer’s uses of a coupon) each process keeps for quotes, evicted when a commit changes them; 0 reads every quote’s facts from Postgres',
    PROMOTIONS_QUOTE_WORKERS:
      'Worker threads that run the quote engine for POST /v1/quotes, so it runs beside the HTTP work instead of on its thread; 0 quotes on the service’s own thread (orders are always re-quoted there)',
  },
);

export type PromotionsConfig = ServiceConfigOf<typeof promotionsConfig>;
