import { CHANNELS, type Channel, type ValidationError } from '@omni/contracts';
import { toMinorUnits } from './segment-money';

export type SegmentCall = 'track' | 'identify' | 'page' | 'screen' | 'alias' | 'group';

export const SEGMENT_CALLS: readonly SegmentCall[] = [
  'track',
  'identify',
  'page',
  'screen',
  'alias',
  'group',
];

export type SegmentSettings = {
  defaultChannel: Channel;
  defaultCurrency: string;
  batchSentAt?: unknown;
};

/** The Omni envelope built from one Segment call, with mapping problems (validation follows). */
export type Mapped = { event: Record<string, unknown>; errors: ValidationError[] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const obj = (value: unknown): Json => (isObject(value) ? value : {});
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'number' ? String(value) : str(value);
const int = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;
const defined = (value: Json): Json =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

const coupons = (p: Json) => (str(p.coupon) === undefined ? undefined : [str(p.coupon)]);

type TrackMapping = (
  p: Json,
  money: MoneyReader,
  messageId: string | undefined,
) => { type: string; payload: Json };

/**
 * Segment e-commerce spec event names with an Omni type; every other name becomes `custom`.
 * A Map, because the name is the sender's: in a plain object `toString` or `__proto__` would
 * find Object.prototype's members.
 */
const trackMappings = new Map<string, TrackMapping>(
  Object.entries({
    'Product Viewed': (p, money) => ({
      type: 'product.viewed',
      payload: defined({
        sku: text(p.sku) ?? text(p.product_id),
        productId: text(p.product_id),
        name: str(p.name),
        category: str(p.category),
        brand: str(p.brand),
        price: money('price'),
        position: int(p.position),
      }),
    }),
    'Product Added': (p, money) => ({
      type: 'cart.item-added',
      payload: defined({
        cartId: text(p.cart_id),
        sku: text(p.sku) ?? text(p.product_id),
        name: str(p.name),
        quantity: int(p.quantity) ?? 1,
        unitPrice: money('price'),
      }),
    }),
    'Product Removed': (p) => ({
      type: 'cart.item-removed',
      payload: defined({
        cartId: text(p.cart_id),
        sku: text(p.sku) ?? text(p.product_id),
        quantity: int(p.quantity) ?? 1,
      }),
    }),
    'Products Searched': (p) => ({
      type: 'search.performed',
      payload: defined({ query: str(p.query) }),
    }),
    'Checkout Started': (p, money) => ({
      type: 'checkout.started',
      payload: defined({
        checkoutId: text(p.checkout_id) ?? text(p.order_id),
        cartId: text(p.cart_id),
        lines: lines(p, money),
        subtotal: money('subtotal') ?? money('revenue') ?? money('value'),
        coupons: coupons(p),
      }),
    }),
    'Order Completed': (p, money) => ({
      type: 'order.placed',
      payload: defined({
        orderId: text(p.order_id),
        lines: lines(p, money),
        subtotal: money('subtotal'),
        discount: money('discount'),
        shipping: money('shipping'),
        total: money('total') ?? money('revenue'),
        coupons: coupons(p),
      }),
    }),
    'Order Cancelled': (p) => ({
      type: 'order.cancelled',
      payload: defined({ orderId: text(p.order_id), reason: str(p.reason) }),
    }),
    'Order Refunded': (p, money, messageId) => ({
      type: 'order.refunded',
      payload: defined({
        orderId: text(p.order_id),
        refundId: text(p.refund_id) ?? messageId,
        amount: money('total') ?? money('revenue'),
      }),
    }),
  } satisfies Record<string, TrackMapping>),
);

/** Segment track names that map to an Omni type, for the README and the docs. */
export const SEGMENT_TRACK_TYPES: Record<string, string> = Object.fromEntries(
  [...trackMappings].map(([name, map]) => [name, map({}, () => undefined, undefined).type]),
);

type MoneyReader = (
  field: string,
  source?: Json,
) => { amount: number; currency: string } | undefined;

function lines(p: Json, money: MoneyReader) {
  if (!Array.isArray(p.products)) return undefined;
  return p.products.map((product: unknown) => {
    const item = obj(product);
    return defined({
      sku: text(item.sku) ?? text(item.product_id),
      name: str(item.name),
      quantity: int(item.quantity) ?? 1,
      unitPrice: money('price', item),
    });
  });
}

function channelOf(message: Json, settings: SegmentSettings): string {
  const requested = str(obj(message.context).channel) ?? str(obj(message.properties).channel);
  return requested !== undefined && (CHANNELS as readonly string[]).includes(requested)
    ? requested
    : settings.defaultChannel;
}

function contextOf(message: Json): Json | undefined {
  const context = obj(message.context);
  const page = obj(context.page);
  const campaign = obj(context.campaign);
  const mapped = defined({
    locale: str(context.locale),
    userAgent: str(context.userAgent),
    ip: str(context.ip),
    page: Object.keys(page).length
      ? defined({
          url: str(page.url),
          referrer: str(page.referrer),
          path: str(page.path),
          title: str(page.title),
        })
      : undefined,
    campaign: Object.keys(campaign).length
      ? defined({
          source: str(campaign.source),
          medium: str(campaign.medium),
          name: str(campaign.name),
          term: str(campaign.term),
          content: str(campaign.content),
        })
      : undefined,
    library: isObject(context.library) ? context.library : undefined,
  });
  return Object.keys(mapped).length ? mapped : undefined;
}

function identifiersOf(message: Json, call: SegmentCall): Json {
  const traits = call === 'identify' ? obj(message.traits) : obj(obj(message.context).traits);
  const alias = call === 'alias' ? text(message.previousId) : undefined;
  return defined({
    memberId: text(message.userId),
    anonymousId: text(message.anonymousId) ?? alias,
    email: str(traits.email),
    phone: text(traits.phone),
  });
}

const GENDERS = ['female', 'male', 'other', 'unknown'];

function identifyTraits(traits: Json): Json | undefined {
  const gender = str(traits.gender)?.toLowerCase();
  const birthday = str(traits.birthday)?.slice(0, 10);
  const address = obj(traits.address);
  const mapped = defined({
    name:
      str(traits.name) ??
      ([str(traits.firstName), str(traits.lastName)].filter(Boolean).join(' ') || undefined),
    gender: gender !== undefined && GENDERS.includes(gender) ? gender : undefined,
    birthday: birthday !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(birthday) ? birthday : undefined,
    province: str(address.state),
    city: str(address.city),
  });
  return Object.keys(mapped).length ? mapped : undefined;
}

function typeAndPayload(
  call: SegmentCall,
  message: Json,
  money: MoneyReader,
): { type: string; payload: Json } {
  const properties = obj(message.properties);
  switch (call) {
    case 'track': {
      const name = str(message.event) ?? '';
      const mapping = trackMappings.get(name);
      return mapping
        ? mapping(properties, money, str(message.messageId))
        : { type: 'custom', payload: { name: name || undefined, properties } };
    }
    case 'page':
    case 'screen': {
      const page = obj(obj(message.context).page);
      const name = str(message.name);
      const path =
        str(properties.path) ??
        str(page.path) ??
        (name === undefined ? undefined : `${call === 'screen' ? 'screen:' : ''}${name}`);
      return {
        type: 'page.viewed',
        payload: defined({
          path,
          url: str(properties.url) ?? str(page.url),
          title: str(properties.title) ?? name,
          referrer: str(properties.referrer) ?? str(page.referrer),
        }),
      };
    }
    case 'identify':
      return {
        type: 'customer.identified',
        payload: defined({
          method: message.userId === undefined ? 'form' : 'login',
          traits: identifyTraits(obj(message.traits)),
        }),
      };
    case 'alias':
      return { type: 'customer.identified', payload: { method: 'login' } };
    case 'group':
      return {
        type: 'custom',
        payload: {
          name: 'Group',
          properties: defined({
            groupId: text(message.groupId),
            traits: isObject(message.traits) ? message.traits : undefined,
          }),
        },
      };
  }
}

/**
 * Maps one Segment call onto the Omni envelope: userId → memberId, anonymousId →
 * anonymousId, traits.email / traits.phone → identifiers, messageId → eventId, e-commerce
 * track names → Omni types (prices from major units to minor units), other names → custom.
 */
export function mapSegmentCall(
  call: SegmentCall,
  input: unknown,
  settings: SegmentSettings,
): Mapped {
  const message = obj(input);
  const errors: ValidationError[] = [];
  if (!isObject(input)) errors.push({ path: '(root)', message: 'expected a Segment call object' });
  const messageId = text(message.messageId);
  if (messageId === undefined && isObject(input))
    errors.push({
      path: 'messageId',
      message: 'is required: it is the eventId Omni deduplicates on',
    });
  const properties = obj(message.properties);
  const currency = str(properties.currency)?.toUpperCase() ?? settings.defaultCurrency;
  const money: MoneyReader = (field, source = properties) => {
    if (source[field] === undefined || source[field] === null) return undefined;
    const converted = toMinorUnits(source[field], currency);
    if (converted.ok) return converted.money;
    errors.push({
      path: `properties.${source === properties ? '' : 'products[].'}${field}`,
      message: converted.message,
    });
    return undefined;
  };
  const { type, payload } = typeAndPayload(call, message, money);
  const timestamp = str(message.timestamp) ?? str(message.originalTimestamp);
  const sentAt = str(message.sentAt) ?? str(settings.batchSentAt);
  const event = defined({
    eventId: messageId,
    type,
    version: 1,
    occurredAt: timestamp ?? sentAt ?? new Date().toISOString(),
    sentAt,
    channel: channelOf(message, settings),
    identifiers: identifiersOf(message, call),
    context: contextOf(message),
    payload: defined(payload),
  });
  return { event, errors };
}
