import type { EventContext } from '@omni/contracts';
import { CHANNEL_GROUP } from '../channels/channel-profiles';
import type { Campaign } from '../config/simulation-config';
import type { SimulationContext } from '../engine/simulation-context';
import { campaignContext } from '../marketing/campaign-book';
import { identify } from '../sessions/identification';
import { emitIn, pause, type Session } from '../sessions/session';
import { visitStore } from '../activities/store-visit.generator';
import { nextSequence } from '../people/person';
import { SECOND } from '../time/sim-time';
import type { JourneySource } from './journey.types';
import type { SessionRole } from './journey-planner';

/** What a session needs to know about its journey. */
export interface SessionBrief {
  readonly role: SessionRole;
  readonly source: JourneySource;
  readonly category: string;
  readonly productViews: number;
}

/**
 * The events of one browsing session (first touch or research), by kind of channel. The first
 * event of a first-touch session shows its source: a search, a social ad, a store visit, a
 * referral or direct landing. Returns the time after the last event.
 */
export function runBrowsingSession(
  ctx: SimulationContext,
  session: Session,
  at: number,
  brief: SessionBrief,
): number {
  switch (CHANNEL_GROUP[session.channel]) {
    case 'marketplace':
      return marketplaceSession(ctx, session, at, brief);
    case 'social-commerce':
      return socialSession(ctx, session, at, brief);
    case 'owned':
      return ownedSession(ctx, session, at, brief);
    case 'messaging': {
      const shown = messageTouch(ctx, session, at, 'retention');
      if (shown === undefined) return at;
      const clickedAt = shown + pause(session, 5, 300);
      messageClick(ctx, session, clickedAt, 'retention');
      return clickedAt;
    }
    case 'store':
      return visitStore(ctx, session.person, at, { journeyId: session.journeyId, purchase: false });
    case 'contact':
      emitIn(ctx, session, at, 'service.contacted', {
        contactId: `CC-${ctx.ids.personHex(session.person.index)}-${nextSequence(session.person)}`,
        medium: 'phone',
        reason: 'pre-sale',
        resolved: true,
      });
      return at + session.person.rng.int(120, 900) * SECOND;
  }
}

function marketplaceSession(
  ctx: SimulationContext,
  session: Session,
  at: number,
  brief: SessionBrief,
): number {
  const rng = session.person.rng;
  let time = at;
  const firstTouch = brief.role === 'first-touch';
  if (firstTouch || rng.chance(0.6)) {
    emitSearch(ctx, session, time, brief.category);
    time += pause(session);
    const campaign = ctx.campaigns.pick(session.channel, 'acquisition', rng);
    if (campaign !== undefined && rng.chance(ctx.config.marketing.paidSearchClickShare)) {
      emitTouch(ctx, session, time, campaign, 'click', '搜索结果');
      time += pause(session, 1, 5);
    }
  }
  return viewProducts(ctx, session, time, brief.productViews, brief.category, '搜索结果');
}

function socialSession(
  ctx: SimulationContext,
  session: Session,
  at: number,
  brief: SessionBrief,
): number {
  const rng = session.person.rng;
  let time = at;
  const campaign = ctx.campaigns.pick(session.channel, 'acquisition', rng);
  if (brief.role === 'first-touch' && brief.source === 'search') {
    emitSearch(ctx, session, time, brief.category);
    time += pause(session);
  } else if (campaign !== undefined && (brief.role === 'first-touch' || rng.chance(0.5))) {
    emitTouch(ctx, session, time, campaign, 'impression', 'feed');
    time += pause(session, 5, 40);
    emitTouch(ctx, session, time, campaign, 'click', 'feed');
    time += pause(session, 1, 10);
  }
  const list = campaign?.medium === 'live-stream' ? '直播间' : '种草笔记';
  return viewProducts(ctx, session, time, brief.productViews, brief.category, list);
}

function ownedSession(
  ctx: SimulationContext,
  session: Session,
  at: number,
  brief: SessionBrief,
): number {
  const { person } = session;
  const rng = person.rng;
  const identity = ctx.config.identity;
  let time = at;
  let landing: EventContext | undefined;
  if (brief.role === 'first-touch') {
    const paid = landingCampaign(ctx, session, brief.source);
    if (paid !== undefined) {
      emitTouch(ctx, session, time, paid, 'click', '搜索结果');
      time += pause(session, 1, 5);
      landing = { campaign: campaignContext(paid) };
    } else {
      landing = referralContext(brief.source);
    }
  }
  emitPage(
    ctx,
    session,
    time,
    brief.role === 'first-touch' ? 'home' : 'category',
    brief.category,
    landing,
  );
  const wantsLogin =
    session.channel === 'wechat-miniprogram'
      ? !person.miniProgramAuthorised && rng.chance(identity.miniProgramEarlyAuthorisationShare)
      : rng.chance(
          person.memberId === undefined
            ? identity.signupWhileBrowsingShare
            : identity.loginWhileBrowsingShare,
        );
  if (wantsLogin) time = identify(ctx, session, time, 'browse');
  if (rng.chance(0.4)) {
    time += pause(session);
    emitSearch(ctx, session, time, brief.category);
  }
  return viewProducts(ctx, session, time, brief.productViews, brief.category, '分类列表');
}

// Search on the brand site comes through a search-engine ad; WeChat friends share links;
// offline referrals arrive by scanning a code in a store or on packaging.
function landingCampaign(
  ctx: SimulationContext,
  session: Session,
  source: JourneySource,
): Campaign | undefined {
  if (source !== 'search' || session.channel !== 'web') return undefined;
  return ctx.campaigns.pick('web', 'acquisition', session.person.rng);
}

function referralContext(source: JourneySource): EventContext | undefined {
  if (source === 'social') {
    return { campaign: { source: 'wechat', medium: 'friend-share', name: '好友分享' } };
  }
  if (source === 'offline-referral') {
    return { campaign: { source: 'offline', medium: 'offline-referral', name: '门店扫码' } };
  }
  return undefined;
}

/**
 * A CRM message arriving (an email opened, an SMS or push shown). Returns its time, or
 * undefined when no campaign of the purpose runs on the channel.
 */
export function messageTouch(
  ctx: SimulationContext,
  session: Session,
  at: number,
  purpose: 'retention' | 'retargeting',
): number | undefined {
  const campaign = ctx.campaigns.pick(session.channel, purpose, session.person.rng);
  if (campaign === undefined) return undefined;
  emitTouch(
    ctx,
    session,
    at,
    campaign,
    session.channel === 'email' ? 'open' : 'impression',
    session.channel,
  );
  return at;
}

/** The person follows a CRM message's link. */
export function messageClick(
  ctx: SimulationContext,
  session: Session,
  at: number,
  purpose: 'retention' | 'retargeting',
): void {
  const campaign = ctx.campaigns.pick(session.channel, purpose, session.person.rng);
  if (campaign !== undefined) emitTouch(ctx, session, at, campaign, 'click', session.channel);
}

export function emitTouch(
  ctx: SimulationContext,
  session: Session,
  at: number,
  campaign: Campaign,
  touchType: 'impression' | 'click' | 'open' | 'view',
  placement: string,
): void {
  const rng = session.person.rng;
  emitIn(
    ctx,
    session,
    at,
    'marketing.touch',
    {
      touchType,
      campaignId: campaign.id,
      source: campaign.source,
      medium: campaign.medium,
      adId: `${campaign.id}-ad-${rng.int(1, 12)}`,
      creativeId: `${campaign.id}-cr-${rng.int(1, 4)}`,
      placement,
    },
    { campaign: campaignContext(campaign) },
  );
}

function emitSearch(ctx: SimulationContext, session: Session, at: number, category: string): void {
  const rng = session.person.rng;
  emitIn(ctx, session, at, 'search.performed', {
    query: ctx.catalogue.query(category, rng),
    resultCount: rng.int(12, 480),
    page: 1,
  });
}

export function emitPage(
  ctx: SimulationContext,
  session: Session,
  at: number,
  pageType: 'home' | 'category' | 'cart' | 'checkout',
  category?: string,
  context?: EventContext,
): void {
  const categoryIndex = category === undefined ? 0 : ctx.catalogue.categories.indexOf(category);
  const paths: Record<typeof pageType, string> =
    session.channel === 'web'
      ? { home: '/', category: `/category/${categoryIndex}`, cart: '/cart', checkout: '/checkout' }
      : session.channel === 'app'
        ? {
            home: 'screens/home',
            category: 'screens/category',
            cart: 'screens/cart',
            checkout: 'screens/checkout',
          }
        : {
            home: 'pages/index/index',
            category: 'pages/category/index',
            cart: 'pages/cart/index',
            checkout: 'pages/checkout/index',
          };
  const path = paths[pageType];
  const titles = {
    home: ctx.catalogue.brand,
    category: category ?? ctx.catalogue.brand,
    cart: '购物车',
    checkout: '确认订单',
  };
  emitIn(
    ctx,
    session,
    at,
    'page.viewed',
    {
      path,
      ...(session.channel === 'web' ? { url: `https://www.lumiere.example.cn${path}` } : {}),
      title: titles[pageType],
      pageType,
    },
    context,
  );
}

/** Product detail views, mostly within the category the person is shopping for. */
export function viewProducts(
  ctx: SimulationContext,
  session: Session,
  at: number,
  count: number,
  category: string,
  listName: string,
): number {
  const rng = session.person.rng;
  const similar = ctx.catalogue.inCategory(category);
  let time = at;
  for (let view = 0; view < count; view++) {
    time += pause(session, 10, 150);
    const product = rng.chance(0.9) ? rng.pick(similar) : rng.pick(ctx.catalogue.products);
    emitIn(ctx, session, time, 'product.viewed', {
      sku: product.sku,
      name: product.name,
      category: product.category,
      brand: ctx.catalogue.brand,
      price: {
        amount: ctx.catalogue.price(product, session.channel),
        currency: ctx.catalogue.currency,
      },
      listName,
      position: rng.int(1, 24),
    });
  }
  return time;
}
