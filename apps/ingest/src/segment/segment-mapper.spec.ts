import { mapSegmentCall, SEGMENT_TRACK_TYPES } from './segment-mapper';
import { toMinorUnits } from './segment-money';

const settings = { defaultChannel: 'web' as const, defaultCurrency: 'CNY' };

describe('Segment mapping', () => {
  it('maps userId, anonymousId, traits and messageId onto the envelope', () => {
    const { event, errors } = mapSegmentCall(
      'identify',
      {
        messageId: 'm1',
        userId: 'u1',
        anonymousId: 'a1',
        traits: {
          email: 'x@y.cn',
          phone: '13800138000',
          gender: 'Female',
          birthday: '1990-05-01T00:00:00Z',
        },
        timestamp: '2025-06-18T12:00:00Z',
      },
      settings,
    );
    expect(errors).toEqual([]);
    expect(event).toMatchObject({
      eventId: 'm1',
      type: 'customer.identified',
      channel: 'web',
      identifiers: { memberId: 'u1', anonymousId: 'a1', email: 'x@y.cn', phone: '13800138000' },
      payload: { method: 'login', traits: { gender: 'female', birthday: '1990-05-01' } },
    });
  });

  it('maps e-commerce track names to Omni types and keeps unknown names as custom events', () => {
    expect(SEGMENT_TRACK_TYPES).toMatchObject({
      'Order Completed': 'order.placed',
      'Product Viewed': 'product.viewed',
      'Product Added': 'cart.item-added',
      'Checkout Started': 'checkout.started',
    });
    const custom = mapSegmentCall(
      'track',
      { messageId: 'm2', anonymousId: 'a', event: 'Coupon Spun', properties: { wheel: 3 } },
      settings,
    );
    expect(custom.event).toMatchObject({
      type: 'custom',
      payload: { name: 'Coupon Spun', properties: { wheel: 3 } },
    });
  });

  it('takes the channel from the context when it is an Omni channel', () => {
    expect(
      mapSegmentCall(
        'page',
        { messageId: 'm3', anonymousId: 'a', context: { channel: 'douyin' } },
        settings,
      ).event.channel,
    ).toBe('douyin');
    expect(
      mapSegmentCall(
        'page',
        { messageId: 'm3', anonymousId: 'a', context: { channel: 'server' } },
        settings,
      ).event.channel,
    ).toBe('web');
  });

  it.each(['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'])(
    'maps a track call named %s, a JavaScript built-in, to a custom event like any unknown name',
    (name) => {
      const { event, errors } = mapSegmentCall(
        'track',
        { messageId: 'm-builtin', anonymousId: 'a', event: name, properties: { n: 1 } },
        settings,
      );
      expect(errors).toEqual([]);
      expect(event).toMatchObject({ type: 'custom', payload: { name, properties: { n: 1 } } });
    },
  );

  it('refuses a price nested thousands deep with a short reason', () => {
    let price: unknown = 19.99;
    for (let i = 0; i < 10_000; i++) price = { amount: price };
    const { errors } = mapSegmentCall(
      'track',
      {
        messageId: 'm-deep',
        anonymousId: 'a',
        event: 'Product Viewed',
        properties: { sku: 'S', price },
      },
      settings,
    );
    expect(errors).toEqual([
      {
        path: 'properties.price',
        message: 'expected a number in major units, e.g. 19.99, got an object',
      },
    ]);
  });

  it('requires a messageId, since it is the dedupe key', () => {
    expect(mapSegmentCall('track', { userId: 'u', event: 'x' }, settings).errors).toEqual([
      { path: 'messageId', message: expect.stringContaining('deduplicates') },
    ]);
  });
});

describe('toMinorUnits', () => {
  it('converts major units by the currency’s own digits and refuses extra precision', () => {
    expect(toMinorUnits(19.99, 'CNY')).toEqual({
      ok: true,
      money: { amount: 1999, currency: 'CNY' },
    });
    expect(toMinorUnits(1500, 'JPY')).toEqual({
      ok: true,
      money: { amount: 1500, currency: 'JPY' },
    });
    expect(toMinorUnits('1.234', 'KWD')).toEqual({
      ok: true,
      money: { amount: 1234, currency: 'KWD' },
    });
    expect(toMinorUnits(0.1 + 0.2, 'CNY')).toEqual({
      ok: true,
      money: { amount: 30, currency: 'CNY' },
    });
    expect(toMinorUnits(19.999, 'CNY')).toMatchObject({ ok: false });
    expect(toMinorUnits(1, 'XYZ')).toMatchObject({ ok: false });
    expect(toMinorUnits(-1, 'CNY')).toMatchObject({ ok: false });
  });
});
