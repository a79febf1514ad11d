import { goldenFixture } from '../../fixtures/golden-fixtures';
import { validateDownstreamEvent } from '../../validation/event-validator';

function withPayload(changes: Record<string, unknown>) {
  const event = goldenFixture('price.changed', 1);
  return { ...event, payload: { ...(event['payload'] as object), ...changes } };
}

function errorsOf(input: unknown) {
  const result = validateDownstreamEvent(input);
  return result.ok ? [] : result.errors;
}

describe('price.changed v1', () => {
  it('quotes old and new price in the currency of the change', () => {
    expect(errorsOf(withPayload({ newPrice: { amount: 9900, currency: 'USD' } }))).toEqual([
      {
        path: 'payload.newPrice.currency',
        message: 'expected CNY, the currency of currency: one event uses one currency, got "USD"',
      },
    ]);
  });

  it('rejects a validity window that ends before it starts', () => {
    expect(errorsOf(withPayload({ validTo: '2025-06-17T00:00:00+08:00' }))).toEqual([
      {
        path: 'payload.validTo',
        message: 'expected a time after validFrom (2025-06-18T00:00:00+08:00)',
      },
    ]);
  });

  it('compares window bounds as instants, not as text', () => {
    expect(errorsOf(withPayload({ validTo: '2025-06-17T17:00:00Z' }))).toEqual([]);
  });
});

describe('price.changed v1 with a reference price', () => {
  it('quotes the reference price in the currency of the change', () => {
    expect(errorsOf(withPayload({ referencePrice: { amount: 74000, currency: 'USD' } }))).toEqual([
      {
        path: 'payload.referencePrice.currency',
        message: 'expected CNY, the currency of currency: one event uses one currency, got "USD"',
      },
    ]);
  });

  it('stays valid without the optional reference price and country, as v1 producers sent it', () => {
    const event = goldenFixture('price.changed', 1);
    const payload = { ...(event['payload'] as Record<string, unknown>) };
    delete payload['referencePrice'];
    delete payload['reductionStartedAt'];
    delete payload['country'];
    expect(errorsOf({ ...event, payload })).toEqual([]);
  });
});
