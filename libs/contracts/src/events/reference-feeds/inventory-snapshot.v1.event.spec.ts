import { goldenFixture } from '../../fixtures/golden-fixtures';
import { validateEvent } from '../../validation/event-validator';

describe('inventory.snapshot v1', () => {
  it('counts stock at a store or a warehouse, so one of them is required', () => {
    const snapshot = goldenFixture('inventory.snapshot', 1);
    const payload = { ...(snapshot['payload'] as Record<string, unknown>) };
    delete payload['storeId'];
    const result = validateEvent({ ...snapshot, payload });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: 'payload',
        message: 'expected storeId or warehouseId: a snapshot counts the stock at one location',
      },
    ]);
    expect(
      validateEvent({ ...snapshot, payload: { ...payload, warehouseId: 'WH-KUNSHAN' } }).ok,
    ).toBe(true);
  });

  it('rejects negative stock on hand', () => {
    const snapshot = goldenFixture('inventory.snapshot', 1);
    const result = validateEvent({
      ...snapshot,
      payload: { ...(snapshot['payload'] as object), onHand: -1 },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'payload.onHand', message: 'expected at least 0, got -1' },
    ]);
  });
});
