import { goldenFixture } from '../../fixtures/golden-fixtures';
import { validateDownstreamEvent } from '../../validation/event-validator';

function withPayload(changes: Record<string, unknown>) {
  const event = goldenFixture('price.consistency-breached', 1);
  return { ...event, payload: { ...(event['payload'] as object), ...changes } };
}

const errorsOf = (input: unknown) => {
  const result = validateDownstreamEvent(input);
  return result.ok ? [] : result.errors;
};

describe('price.consistency-breached v1', () => {
  it('names two different channels', () => {
    expect(errorsOf(withPayload({ channels: ['pos', 'pos'] }))).toEqual([
      { path: 'payload.channels', message: 'expected two different channels' },
    ]);
  });

  it('quotes both prices in the currency of the alert', () => {
    expect(
      errorsOf(
        withPayload({
          secondPrice: { amount: 76000, currency: 'HKD' },
        }),
      ),
    ).toEqual([
      {
        path: 'payload.secondPrice.currency',
        message: 'expected CNY, the currency of currency: one event uses one currency, got "HKD"',
      },
    ]);
  });
});
