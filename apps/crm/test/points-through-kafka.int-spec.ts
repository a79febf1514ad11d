import { randomUUID } from 'node:crypto';
import { useHarness, waitForMessage } from '@omni/testing';
import { auth, pollUntil, paid, refunded, resolvedEvent, startCrm } from './support/crm-harness';

type PointsBody = {
  balance: number;
  lots: { orderId: string | null; earned: number; remaining: number }[];
  entries: { entryType: string; delta: number; orderId: string | null }[];
};

describe('points through Kafka', () => {
  const crm = useHarness(startCrm);

  const points = async (customerId: string) => {
    const response = await crm.app.inject({
      method: 'GET',
      url: `/v1/customers/${customerId}/points`,
      headers: auth,
    });
    return { status: response.statusCode, body: response.json() as PointsBody };
  };

  it('a redelivered order.paid awards points once', async () => {
    const customerId = `cus-${randomUUID()}`;
    const order = paid(customerId, `o-${randomUUID()}`, 151_000);
    await crm.send(crm.topics.resolvedEvents, order);
    await crm.send(crm.topics.resolvedEvents, order);
    const marker = paid(customerId, `o-${randomUUID()}`, 1_000);
    await crm.send(crm.topics.resolvedEvents, marker);
    // The marker comes after both copies on the customer's partition: once it counts, both copies were consumed.
    const { body } = await pollUntil(
      () => points(customerId),
      (r) => r.status === 200 && r.body.lots.length === 2,
    );
    expect(body.balance).toBe(1_510 + 10);
    expect(body.lots.map((lot) => lot.earned).sort((a, b) => a - b)).toEqual([10, 1_510]);
    expect(body.entries.filter((e) => e.entryType === 'earn')).toHaveLength(2);
    const published = await waitForMessage<{
      type: string;
      customerId: string;
      payload: { delta: number; balance: number };
    }>(
      crm.topics.customerChanges,
      ({ value }) =>
        value.type === 'customer.points-changed' &&
        value.customerId === customerId &&
        value.payload.delta === 1_510,
    );
    expect(published.value.payload.balance).toBe(1_510);
  });

  it('an order.paid redelivered to a restarted crm (a new consumer group reads the topic again) awards nothing more', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.send(crm.topics.resolvedEvents, paid(customerId, `o-${randomUUID()}`, 42_000));
    await pollUntil(
      () => points(customerId),
      (r) => r.status === 200 && r.body.balance === 420,
    );
    await crm.restart({ CRM_CONSUMER_GROUP: `crm-core-replay-${randomUUID()}` });
    // The marker is behind every earlier message of the customer's partition.
    await crm.send(crm.topics.resolvedEvents, paid(customerId, `o-${randomUUID()}`, 100));
    const { body } = await pollUntil(
      () => points(customerId),
      (r) => r.body.lots.length === 2,
    );
    expect(body.balance).toBe(421);
    expect(body.entries.filter((e) => e.entryType === 'earn')).toHaveLength(2);
    const inbox: { n: string }[] = await crm.dataSource.query(`SELECT count(*) AS n FROM inbox`);
    expect(Number(inbox[0].n)).toBeGreaterThan(0);
  });

  it('a refund reverses exactly that order’s points', async () => {
    const customerId = `cus-${randomUUID()}`;
    const [kept, returned] = [`o-${randomUUID()}`, `o-${randomUUID()}`];
    await crm.send(
      crm.topics.resolvedEvents,
      paid(customerId, kept, 30_000),
      paid(customerId, returned, 50_000),
    );
    await pollUntil(
      () => points(customerId),
      (r) => r.status === 200 && r.body.balance === 800,
    );
    await crm.send(crm.topics.resolvedEvents, refunded(customerId, returned, 50_000));
    const { body } = await pollUntil(
      () => points(customerId),
      (r) => r.body.balance === 300,
    );
    expect(body.balance).toBe(300);
    expect(body.entries.filter((e) => e.entryType === 'reverse')).toEqual([
      expect.objectContaining({ delta: -500, orderId: returned }),
    ]);
    expect(body.lots.find((lot) => lot.orderId === kept)).toMatchObject({
      earned: 300,
      remaining: 300,
    });
    expect(body.lots.find((lot) => lot.orderId === returned)).toMatchObject({
      earned: 500,
      remaining: 0,
    });
  });

  it('a partial refund reverses its share of the order’s points, and a second refund the rest', async () => {
    const customerId = `cus-${randomUUID()}`;
    const orderId = `o-${randomUUID()}`;
    await crm.send(crm.topics.resolvedEvents, paid(customerId, orderId, 100_000));
    await pollUntil(
      () => points(customerId),
      (r) => r.status === 200 && r.body.balance === 1_000,
    );
    await crm.send(crm.topics.resolvedEvents, refunded(customerId, orderId, 25_000));
    await pollUntil(
      () => points(customerId),
      (r) => r.body.balance === 750,
    );
    await crm.send(crm.topics.resolvedEvents, refunded(customerId, orderId, 75_000));
    const { body } = await pollUntil(
      () => points(customerId),
      (r) => r.body.balance === 0,
    );
    expect(body.balance).toBe(0);
    expect(
      body.entries
        .filter((e) => e.entryType === 'reverse')
        .map((e) => e.delta)
        .sort(),
    ).toEqual([-250, -750]);
  });

  it('a burst of browsing, carts and orders of several customers is applied in batches: every fact once, points per order', async () => {
    const customers = Array.from({ length: 5 }, () => `cus-${randomUUID()}`);
    const burst = customers.flatMap((customerId, i) => [
      resolvedEvent('page.viewed', customerId, { occurredAt: '2026-06-01T10:00:00Z' }),
      resolvedEvent('product.viewed', customerId, { occurredAt: '2026-06-01T10:01:00Z' }),
      resolvedEvent('cart.item-added', customerId, { occurredAt: '2026-06-01T10:02:00Z' }),
      paid(customerId, `o-${i}`, 10_000 * (i + 1), '2026-06-01T10:03:00Z'),
    ]);
    await crm.send(crm.topics.resolvedEvents, ...burst, ...burst);
    for (const [i, customerId] of customers.entries()) {
      const { body } = await pollUntil(
        () => points(customerId),
        (r) => r.status === 200 && r.body.balance > 0,
      );
      expect(body.balance).toBe(100 * (i + 1));
      const profile = (
        await crm.app.inject({ method: 'GET', url: `/v1/customers/${customerId}`, headers: auth })
      ).json() as { channels: { events: number }[]; firstSeenAt: string };
      expect(profile.channels.reduce((sum, c) => sum + c.events, 0)).toBe(4);
      expect(profile.firstSeenAt).toBe('2026-06-01T10:00:00.000Z');
    }
  });

  it('a message that is not a valid event goes to the dead-letter topic and the next one is applied', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.producer.send(crm.topics.resolvedEvents, [
      { key: customerId, value: '{"type":"order.paid"' },
    ]);
    await crm.send(crm.topics.resolvedEvents, paid(customerId, `o-${randomUUID()}`, 2_000));
    const { body } = await pollUntil(
      () => points(customerId),
      (r) => r.status === 200 && r.body.balance === 20,
    );
    expect(body.balance).toBe(20);
    const rows: { count: string }[] = await crm.dataSource.query(
      `SELECT count(*) FROM dead_letters`,
    );
    expect(Number(rows[0].count)).toBeGreaterThanOrEqual(1);
  });
});
