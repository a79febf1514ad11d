import { resolvedEventsOf } from './resolved-events';

const labelled = [
  { event: { eventId: 'e1', type: 'page.viewed' }, personId: 'p1' },
  { event: { eventId: 'e2', type: 'page.viewed' }, personId: undefined },
  { event: { eventId: 'e3', type: 'order.placed' }, personId: 'p2' },
  { event: { eventId: 'e4', type: 'order.paid' }, personId: 'p2' },
];

describe('resolvedEventsOf', () => {
  it('gives each event of a known person its customer as key and customerId, itself as cause, and leaves the others out', () => {
    expect(resolvedEventsOf(labelled)).toEqual([
      {
        key: 'cus_p1',
        value: {
          eventId: 'e1',
          type: 'page.viewed',
          customerId: 'cus_p1',
          correlationId: 'e1',
          causationId: 'e1',
        },
      },
      {
        key: 'cus_p2',
        value: {
          eventId: 'e3',
          type: 'order.placed',
          customerId: 'cus_p2',
          correlationId: 'e3',
          causationId: 'e3',
        },
      },
      {
        key: 'cus_p2',
        value: {
          eventId: 'e4',
          type: 'order.paid',
          customerId: 'cus_p2',
          correlationId: 'e4',
          causationId: 'e4',
        },
      },
    ]);
  });

  it('stops at `limit` events, counting only those it keeps', () => {
    expect(resolvedEventsOf(labelled, 2).map(({ value }) => value.eventId)).toEqual(['e1', 'e3']);
  });
});
