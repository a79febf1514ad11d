import { validateDownstreamEvent } from '@omni/contracts';
import { pointsChangedMessage } from './points-events';

const entry = {
  entryId: 'e1',
  customerId: 'cus_1',
  entryType: 'reverse' as const,
  delta: -800,
  lotId: null,
  orderId: 'o1',
  redemptionId: null,
  eventKey: 'tmall:rf1',
  reason: null,
  occurredAt: new Date('2026-06-05T10:00:00Z'),
};

describe('customer.points-changed', () => {
  it('is a valid event keyed by the customer', () => {
    const message = pointsChangedMessage('crm.customer-changes.v1', entry, 200, true, {
      correlationId: 'c',
      causationId: 'c',
    });
    expect(message.key).toBe('cus_1');
    expect(validateDownstreamEvent(message.value)).toMatchObject({ ok: true });
  });

  it('a negative ledger sum is published as balance 0 and what is owed', () => {
    const message = pointsChangedMessage('t', entry, -800, false, {
      correlationId: 'c',
      causationId: 'c',
    });
    expect(validateDownstreamEvent(message.value)).toMatchObject({ ok: true });
    expect((message.value as { payload: object }).payload).toMatchObject({
      balance: 0,
      owed: 800,
      delta: -800,
    });
  });
});
