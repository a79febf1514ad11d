import { goldenFixture } from '../../fixtures/golden-fixtures';
import { validateDownstreamEvent } from '../../validation/event-validator';

function withPayload(changes: Record<string, unknown>) {
  const event = goldenFixture('price.withdrawn', 1);
  return { ...event, payload: { ...(event['payload'] as object), ...changes } };
}

function errorsOf(input: unknown) {
  const result = validateDownstreamEvent(input);
  return result.ok ? [] : result.errors;
}

describe('price.withdrawn v1', () => {
  it('accepts its golden fixture', () => {
    expect(errorsOf(goldenFixture('price.withdrawn', 1))).toEqual([]);
  });

  it('quotes the withdrawn price in the currency of the event', () => {
    expect(errorsOf(withPayload({ oldPrice: { amount: 9900, currency: 'USD' } }))).toEqual([
      {
        path: 'payload.oldPrice.currency',
        message: 'expected CNY, the currency of currency: one event uses one currency, got "USD"',
      },
    ]);
  });

  it('names the price that stops applying', () => {
    const { oldPrice: _oldPrice, ...payload } = goldenFixture('price.withdrawn', 1)[
      'payload'
    ] as Record<string, unknown>;
    expect(
      errorsOf({ ...goldenFixture('price.withdrawn', 1), payload }).map((e) => e.path),
    ).toEqual(['payload.oldPrice']);
  });
});
