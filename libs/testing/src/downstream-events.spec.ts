import { goldenFixture } from '@omni/contracts';
import { downstreamEvent, profileChange } from './downstream-events';

describe('downstreamEvent', () => {
  it('is the golden fixture with its own id as correlation and cause, and the options over it', () => {
    const fixture = goldenFixture('order.paid', 1);
    const event = downstreamEvent('order.paid', {
      customerId: 'cus_1',
      eventId: 'evt-1',
      channel: 'jd',
      occurredAt: new Date('2026-12-01T08:00:00Z'),
      payload: { orderId: 'o-1' },
    });

    expect(event).toEqual({
      ...fixture,
      eventId: 'evt-1',
      customerId: 'cus_1',
      correlationId: 'evt-1',
      causationId: 'evt-1',
      channel: 'jd',
      occurredAt: '2026-12-01T08:00:00.000Z',
      payload: { ...(fixture['payload'] as object), orderId: 'o-1' },
    });
  });

  it('keeps the fixture’s channel and customer unless given, happens now, and gives every event a new id', () => {
    const fixture = goldenFixture('order.paid', 1);
    const [first, second] = [downstreamEvent('order.paid'), downstreamEvent('order.paid')];

    expect(first.eventId).toMatch(/^test-/);
    expect(first.eventId).not.toBe(second.eventId);
    expect(first['channel']).toBe(fixture['channel']);
    expect(first['customerId']).toBe(fixture['customerId']);
    expect(Math.abs(Date.parse(String(first['occurredAt'])) - Date.now())).toBeLessThan(60_000);
  });
});

describe('profileChange', () => {
  it('is the change of `customerId` with its own id as correlation and cause', () => {
    const change = profileChange('profile.split', 'cus_1', { into: ['cus_2'] }, 2);

    expect(change).toMatchObject({
      type: 'profile.split',
      version: 2,
      customerId: 'cus_1',
      correlationId: change.eventId,
      causationId: change.eventId,
      payload: { into: ['cus_2'] },
    });
    expect(Date.parse(String(change['occurredAt']))).not.toBeNaN();
  });
});
