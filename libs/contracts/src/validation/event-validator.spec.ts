import type { DownstreamEventOf, EventOf, PayloadOf } from '../events/event-registry';
import { goldenFixture } from '../fixtures/golden-fixtures';
import type { Money } from '../shared/money.schema';
import {
  EventValidationError,
  parseDownstreamEvent,
  parseEvent,
  validateDownstreamEvent,
  validateEvent,
} from './event-validator';

function errorsOf(result: { ok: true } | { ok: false; errors: unknown[] }) {
  return result.ok ? [] : result.errors;
}

const resolution = {
  customerId: 'cus_01J0Y5R8Z3',
  correlationId: 'tm-order-3960000123456789012',
  causationId: 'tm-order-3960000123456789012',
};

describe('validateEvent (what connectors send)', () => {
  it('narrows to a typed payload by type and version', () => {
    const result = validateEvent(goldenFixture('order.placed', 1));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { event } = result;
    if (event.type !== 'order.placed' || event.version !== 1) throw new Error('wrong event');
    const placed: EventOf<'order.placed', 1> = event;
    const total: Money = placed.payload.total;
    expect(total).toEqual({ amount: 151000, currency: 'CNY' });
    expect(event.payload.lines[1].quantity).toBe(2);
  });

  it('takes A/B variants in context.experiments and names a malformed one', () => {
    const placed = goldenFixture('order.placed', 1) as { context?: object };
    const withVariant = {
      ...placed,
      context: { ...placed.context, experiments: { 'checkout-button': 'treatment' } },
    };
    expect(errorsOf(validateEvent(withVariant))).toEqual([]);
    const malformed = { ...withVariant, context: { experiments: { 'checkout-button': 7 } } };
    expect(errorsOf(validateEvent(malformed))).toEqual([
      expect.objectContaining({ path: 'context.experiments.checkout-button' }),
    ]);
  });

  it('rejects an event about a person without any identifier', () => {
    const event = {
      ...goldenFixture('order.paid', 1),
      identifiers: { appId: 'wx8f3c2a1b0d9e7f65' },
    };
    expect(errorsOf(validateEvent(event))).toEqual([
      {
        path: 'identifiers',
        message:
          'expected at least one identifier of the person: anonymousId, cookieId, deviceId, phone, email, wechatUnionId, wechatOpenId, platformUserId, loyaltyCard, memberId (only reference feeds may have none)',
      },
    ]);
  });

  it('rejects a wechatOpenId without the appId that scopes it', () => {
    const event = {
      ...goldenFixture('page.viewed', 1),
      identifiers: { wechatOpenId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE' },
    };
    expect(errorsOf(validateEvent(event))).toEqual([
      {
        path: 'identifiers.appId',
        message: 'is required with wechatOpenId: an openId is only unique within one WeChat app',
      },
    ]);
  });

  it('accepts reference feeds without identifiers and reads them with an empty set', () => {
    const snapshot = goldenFixture('inventory.snapshot', 1);
    expect(snapshot).not.toHaveProperty('identifiers');
    const result = validateEvent(snapshot);
    expect(result.ok && result.event.identifiers).toEqual({});
  });

  it('refuses service events: a connector cannot forge a merge or an erasure', () => {
    const forged = { ...goldenFixture('order.placed', 1), type: 'profile.erased' };
    expect(errorsOf(validateEvent(forged))).toContainEqual({
      path: 'type',
      message: 'profile.erased is emitted by Omni services; connectors cannot send it',
    });
  });

  it('refuses fields only Omni sets after resolution', () => {
    const event = { ...goldenFixture('order.placed', 1), customerId: 'cus_forged' };
    expect(errorsOf(validateEvent(event))).toEqual([
      { path: 'customerId', message: 'is not a field of this event; check its spelling' },
    ]);
  });

  it.each([null, 'order.placed', 42, [goldenFixture('order.placed', 1)]])(
    'rejects %j as a whole',
    (input) => {
      expect(errorsOf(validateEvent(input))).toEqual([
        { path: '(root)', message: expect.stringMatching(/^expected an event object, got /) },
      ]);
    },
  );

  it('reports an unknown type even when the version is missing', () => {
    const event: Record<string, unknown> = {
      ...goldenFixture('order.placed', 1),
      type: 'order.shipped',
    };
    delete event['version'];
    expect(errorsOf(validateEvent(event)).map((error) => (error as { path: string }).path)).toEqual(
      ['type', 'version'],
    );
  });

  it('quotes an unknown type of 200,000 characters only by its start and length', () => {
    const type = 'x'.repeat(200_000);
    const errors = errorsOf(validateEvent({ ...goldenFixture('order.placed', 1), type }));
    const typeError = (errors as { path: string; message: string }[]).find(
      (error) => error.path === 'type',
    );
    expect(typeError?.message).toContain(`"${'x'.repeat(40)}"… (200000 characters)`);
    expect(JSON.stringify(errors).length).toBeLessThan(2_000);
  });

  it('sends unknown events to the custom type', () => {
    const custom = goldenFixture('custom', 1);
    const result = validateEvent(custom);
    expect(result.ok && result.event.type === 'custom' && result.event.payload.name).toBe(
      'Live Chat Opened',
    );
  });
});

describe('validateDownstreamEvent (topics after ingest)', () => {
  it('requires customerId, correlationId and causationId on a resolved channel event', () => {
    expect(errorsOf(validateDownstreamEvent(goldenFixture('order.placed', 1)))).toEqual([
      { path: 'customerId', message: 'is required' },
      { path: 'correlationId', message: 'is required' },
      { path: 'causationId', message: 'is required' },
    ]);
    expect(validateDownstreamEvent({ ...goldenFixture('order.placed', 1), ...resolution }).ok).toBe(
      true,
    );
  });

  it('lets a resolved reference feed go without a customer', () => {
    const { customerId: _none, ...withoutCustomer } = resolution;
    expect(
      validateDownstreamEvent({ ...goldenFixture('marketing.spend', 1), ...withoutCustomer }).ok,
    ).toBe(true);
  });

  it('reads service events, which need no channel and no identifiers', () => {
    const result = validateDownstreamEvent(goldenFixture('profile.merged', 1));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { event } = result;
    if (event.type !== 'profile.merged') throw new Error('wrong event');
    const merged: DownstreamEventOf<'profile.merged'> = event;
    const payload: PayloadOf<'profile.merged', 1> = merged.payload;
    expect(payload.mergedIds).toEqual(['cus_01J0Y6A2KQ']);
    expect(event.channel).toBeUndefined();
  });

  it('names an unknown type without suggesting the custom type', () => {
    const event = { ...goldenFixture('profile.merged', 1), type: 'profile.renamed' };
    expect(errorsOf(validateDownstreamEvent(event))).toEqual([
      { path: 'type', message: 'unknown event type "profile.renamed"' },
    ]);
  });
});

describe('parseEvent and parseDownstreamEvent (consumers)', () => {
  it('read a version-1 event that a newer producer extended with optional fields', () => {
    const order = goldenFixture('order.placed', 1);
    const extended = { ...order, payload: { ...(order['payload'] as object), giftWrap: true } };
    const event = parseEvent(extended);
    expect(event.payload).not.toHaveProperty('giftWrap');
    expect(validateEvent(extended).ok).toBe(false);
  });

  it('throw an EventValidationError listing every problem', () => {
    const broken = { ...goldenFixture('profile.erased', 1), correlationId: '', version: 1.5 };
    let thrown: unknown;
    try {
      parseDownstreamEvent(broken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EventValidationError);
    expect((thrown as EventValidationError).errors.map((error) => error.path)).toEqual([
      'version',
      'correlationId',
    ]);
    expect((thrown as EventValidationError).message).toBe(
      'invalid event: version: expected a whole number, got 1.5; correlationId: expected at least 1 characters, got 0',
    );
  });
});
