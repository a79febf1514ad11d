import fc from 'fast-check';
import { validateEvent } from '../../validation/event-validator';

const currencies = fc.constantFrom('CNY', 'HKD', 'USD', 'JPY');
const moneyIn = (currency: string) =>
  fc.record({
    amount: fc.integer({ min: 0, max: 1_000_000_000 }),
    currency: fc.constant(currency),
  });

const lineIn = (currency: string) =>
  fc.record(
    {
      sku: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,63}$/),
      quantity: fc.integer({ min: 1, max: 10_000 }),
      unitPrice: moneyIn(currency),
      discount: moneyIn(currency),
    },
    { requiredKeys: ['sku', 'quantity', 'unitPrice'] },
  );

const orderPayloads = currencies.chain((currency) =>
  fc.record({
    orderId: fc.stringMatching(/^[0-9]{10,20}$/),
    lines: fc.array(lineIn(currency), { minLength: 1, maxLength: 20 }),
    total: moneyIn(currency),
  }),
);

const floats = fc
  .double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true })
  .filter((value) => !Number.isInteger(value));

type OrderPayload = {
  lines: { unitPrice: { amount: number }; discount?: { amount: number } }[];
  total: { amount: number };
};

function orderPlaced(payload: unknown) {
  return {
    eventId: 'tm-order-prop',
    type: 'order.placed',
    version: 1,
    occurredAt: '2025-06-18T20:31:09+08:00',
    channel: 'tmall',
    identifiers: { platformUserId: 't_1500000001' },
    payload,
  };
}

/** Every money object in the payload with its path, so a property can break any one of them. */
function moneySlots(payload: OrderPayload): [string, { amount: number }][] {
  return [
    ...payload.lines.flatMap((line, index): [string, { amount: number }][] => [
      [`payload.lines[${index}].unitPrice.amount`, line.unitPrice],
      ...(line.discount
        ? [
            [`payload.lines[${index}].discount.amount`, line.discount] as [
              string,
              { amount: number },
            ],
          ]
        : []),
    ]),
    ['payload.total.amount', payload.total],
  ];
}

describe('order.placed v1 properties', () => {
  it('any order whose lines and total use integer minor units in one currency validates', () => {
    fc.assert(
      fc.property(orderPayloads, (payload) => {
        const result = validateEvent(orderPlaced(payload));
        expect(result.ok ? [] : result.errors).toEqual([]);
      }),
    );
  });

  it('any float amount anywhere in the order is rejected at its path', () => {
    fc.assert(
      fc.property(orderPayloads, fc.nat(), floats, (generated, slot, float) => {
        const payload = structuredClone(generated);
        const slots = moneySlots(payload);
        const [path, money] = slots[slot % slots.length];
        money.amount = float;
        const result = validateEvent(orderPlaced(payload));
        expect(result.ok).toBe(false);
        expect(result.ok ? [] : result.errors).toContainEqual({
          path,
          message: `expected an integer amount in minor units (e.g. 1999 for 19.99), got ${float}`,
        });
      }),
    );
  });
});
