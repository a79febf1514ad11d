import { goldenFixture } from '../fixtures/golden-fixtures';
import { validateEvent } from '../validation/event-validator';

/** The golden event of a type with its payload changed by `edit`. */
function withPayload(type: string, edit: (payload: Record<string, unknown>) => void) {
  const event = structuredClone(goldenFixture(type, 1)) as Record<string, unknown>;
  edit(event.payload as Record<string, unknown>);
  return event;
}

const errorsOf = (event: unknown) => {
  const result = validateEvent(event);
  return result.ok ? [] : result.errors;
};

describe('what channel events require', () => {
  it.each([
    ['customer.identified', 'method'],
    ['store.visited', 'detectedBy'],
    ['order.paid', 'paymentMethod'],
    ['order.refunded', 'refundId'],
    ['cart.item-added', 'unitPrice'],
    ['checkout.started', 'lines'],
    ['marketing.touch', 'source'],
    ['service.contacted', 'reason'],
  ])('a %s without payload.%s is accepted: no consumer needs it', (type, field) => {
    expect(errorsOf(withPayload(type, (payload) => delete payload[field]))).toEqual([]);
  });

  it('a page.viewed with only a url gets its path from the url', () => {
    const event = withPayload('page.viewed', (payload) => {
      delete payload.path;
      payload.url = 'https://shop.example.cn/p/LUM-SERUM-50ML?from=search';
    });
    const result = validateEvent(event);
    expect(result.ok && result.event.type === 'page.viewed' && result.event.payload.path).toBe(
      '/p/LUM-SERUM-50ML',
    );
  });

  it('a page.viewed with neither path nor url is refused with the reason', () => {
    const event = withPayload('page.viewed', (payload) => {
      delete payload.path;
      delete payload.url;
    });
    expect(errorsOf(event)).toEqual([
      { path: 'payload', message: 'expected path or url: a page view names the page' },
    ]);
  });

  it('an order.fulfilled picked up in a store must name the store', () => {
    const event = withPayload('order.fulfilled', (payload) => delete payload.storeId);
    expect(errorsOf(event)).toEqual([
      {
        path: 'payload.storeId',
        message: 'is required when mode is pickup: name the store the order was picked up at',
      },
    ]);
    const shipped = withPayload('order.fulfilled', (payload) => {
      delete payload.storeId;
      payload.mode = 'ship';
    });
    expect(errorsOf(shipped)).toEqual([]);
  });

  it('a survey.answered satisfaction is a whole score from 1 to 5', () => {
    for (const satisfaction of [0, 6, 3.5])
      expect(
        errorsOf(
          withPayload('survey.answered', (payload) => (payload.satisfaction = satisfaction)),
        ),
      ).not.toEqual([]);
  });
});
