import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import {
  auth,
  eventKeyOf,
  pollUntil,
  paid,
  profileChange,
  resolvedEvent,
  startCrm,
} from './support/crm-harness';

type Points = {
  balance: number;
  lots: { orderId: string | null; earned: number; remaining: number }[];
};

describe('merge, split and erase through identity.profile-changes', () => {
  const crm = useHarness(startCrm);

  const get = (url: string) => crm.app.inject({ method: 'GET', url, headers: auth });
  const points = async (customerId: string) => {
    const response = await get(`/v1/customers/${customerId}/points`);
    return { status: response.statusCode, body: response.json() as Points };
  };

  it('merge, then split, then erase: each applied once, the final state is the one the events imply', async () => {
    const [a, b, c] = [`cus-a-${randomUUID()}`, `cus-b-${randomUUID()}`, `cus-c-${randomUUID()}`];
    const paidA = paid(a, 'oA', 10_000, '2026-06-01T10:00:00Z');
    const paidB = paid(b, 'oB', 20_000, '2026-06-02T10:00:00Z');
    const cityA = resolvedEvent('customer.identified', a, {
      occurredAt: '2026-06-01T09:00:00Z',
      payload: { traits: { city: 'Hangzhou' } },
    });
    await crm.send(crm.topics.resolvedEvents, paidA, cityA, paidB);
    await pollUntil(
      () => points(b),
      (r) => r.status === 200 && r.body.balance === 200,
    );
    await pollUntil(
      () => points(a),
      (r) => r.status === 200 && r.body.balance === 100,
    );
    const redeemed = await crm.app.inject({
      method: 'POST',
      url: `/v1/customers/${b}/points/redemptions`,
      headers: { ...auth, 'idempotency-key': randomUUID() },
      payload: { points: 50 },
    });
    expect(redeemed.statusCode).toBe(201);

    // Merge, delivered twice: folded into the survivor once.
    const merge = profileChange('profile.merged', a, { survivorId: a, mergedIds: [b], version: 2 });
    await crm.send(crm.topics.profileChanges, merge, merge);
    const merged = await pollUntil(
      () => points(a),
      (r) => r.body.balance === 250,
    );
    expect(merged.body.balance).toBe(250);
    expect(merged.body.lots.map((l) => [l.orderId, l.remaining]).sort()).toEqual([
      ['oA', 100],
      ['oB', 150],
    ]);
    // The merged id leads to the survivor.
    const redirect = await get(`/v1/customers/${b}`);
    expect(redirect.statusCode).toBe(308);
    expect(redirect.headers.location).toBe(`/v1/customers/${a}`);
    const profileA = (await get(`/v1/customers/${a}`)).json();
    expect(profileA.orders.paid).toBe(2);
    expect(profileA.traits.city.value).toBe('Hangzhou');

    // Split: B's order (and its lot, with what was burned from it) goes to the new profile C.
    const split = profileChange(
      'profile.split',
      a,
      {
        fromId: a,
        newIds: [c],
        version: 3,
        part: 1,
        parts: 1,
        moves: [{ customerId: c, eventKeys: [eventKeyOf(paidB)] }],
      },
      2,
    );
    await crm.send(crm.topics.profileChanges, split);
    const movedTo = await pollUntil(
      () => points(c),
      (r) => r.status === 200 && r.body.balance === 150,
    );
    expect(movedTo.body.lots).toEqual([
      expect.objectContaining({ orderId: 'oB', earned: 200, remaining: 150 }),
    ]);
    expect((await points(a)).body.balance).toBe(100);
    expect((await get(`/v1/customers/${c}`)).json().orders.paid).toBe(1);
    expect((await get(`/v1/customers/${a}`)).json().orders.paid).toBe(1);

    // A replay of the merge (an older version) changes nothing now.
    await crm.send(
      crm.topics.profileChanges,
      profileChange('profile.merged', a, { survivorId: a, mergedIds: [b], version: 2 }),
    );

    // Erase C: nothing identifies C any more; its ledger amounts stay without an owner.
    await crm.send(
      crm.topics.profileChanges,
      profileChange('profile.erased', c, { customerId: c, version: 4 }),
    );
    await pollUntil(
      () => get(`/v1/customers/${c}`),
      (r) => r.statusCode === 404,
    );
    expect((await get(`/v1/customers/${c}/export`)).statusCode).toBe(404);
    const held: { n: string }[] = await crm.dataSource.query(
      `SELECT count(*) AS n FROM (
         SELECT customer_id FROM customer_facts UNION ALL SELECT customer_id FROM point_lots
         UNION ALL SELECT customer_id FROM point_ledger UNION ALL SELECT customer_id FROM point_redemptions
         UNION ALL SELECT customer_id FROM tier_points UNION ALL SELECT customer_id FROM tier_changes
         UNION ALL SELECT customer_id FROM customers) AS rows WHERE customer_id = $1`,
      [c],
    );
    expect(Number(held[0].n)).toBe(0);
    const anonymous: { delta: number; order_id: string | null; lot_id: string | null }[] =
      await crm.dataSource.query(
        `SELECT delta, order_id, lot_id FROM point_ledger WHERE customer_id IS NULL`,
      );
    expect(anonymous.map((row) => row.delta).sort((x, y) => x - y)).toEqual([-50, 200]);
    expect(anonymous.every((row) => row.order_id === null && row.lot_id === null)).toBe(true);

    // A late event of the erased id attaches to nothing; A is untouched throughout.
    await crm.send(
      crm.topics.resolvedEvents,
      resolvedEvent('page.viewed', c, { occurredAt: '2026-06-20T09:00:00Z' }),
      paid(c, 'late', 5_000, '2026-06-20T10:00:00Z'),
      paid(a, 'oA2', 1_000),
    );
    await pollUntil(
      () => points(a),
      (r) => r.body.balance === 110,
    );
    expect((await get(`/v1/customers/${c}`)).statusCode).toBe(404);
    expect((await points(a)).body.balance).toBe(110);
  });

  it('a merged id answers 308 to the same resource of its survivor, follows a chain of merges, and leads nowhere once the survivor is erased', async () => {
    const [x, y, z] = [`cus-x-${randomUUID()}`, `cus-y-${randomUUID()}`, `cus-z-${randomUUID()}`];
    await crm.send(
      crm.topics.resolvedEvents,
      paid(x, `oX-${x}`, 10_000),
      paid(y, `oY-${y}`, 20_000),
      paid(z, `oZ-${z}`, 30_000),
    );
    for (const id of [x, y, z])
      await pollUntil(
        () => points(id),
        (r) => r.status === 200,
      );
    // Y folds into X; then X folds into Z: Y leads straight to Z.
    await crm.send(
      crm.topics.profileChanges,
      profileChange('profile.merged', x, { survivorId: x, mergedIds: [y], version: 2 }),
    );
    await pollUntil(
      () => get(`/v1/customers/${y}`),
      (r) => r.statusCode === 308,
    );
    await crm.send(
      crm.topics.profileChanges,
      profileChange('profile.merged', z, { survivorId: z, mergedIds: [x], version: 3 }),
    );
    const chained = await pollUntil(
      () => get(`/v1/customers/${y}/points`),
      (r) => r.headers.location === `/v1/customers/${z}/points`,
    );
    expect(chained.statusCode).toBe(308);
    expect(chained.json()).toEqual({
      code: 'customer_merged',
      message: expect.stringContaining(z),
      details: { survivorId: z },
    });
    const exported = await get(`/v1/customers/${x}/export`);
    expect([exported.statusCode, exported.headers.location]).toEqual([
      308,
      `/v1/customers/${z}/export`,
    ]);
    // The survivor answers as itself, with every order.
    const survivor = await get(`/v1/customers/${z}`);
    expect(survivor.statusCode).toBe(200);
    expect(survivor.json().orders.paid).toBe(3);
    // A merged id that never existed in crm is still unknown, and an unknown id is a 404.
    expect((await get(`/v1/customers/cus-never-${randomUUID()}`)).statusCode).toBe(404);

    // Erasing the survivor forgets the ids merged into it.
    await crm.send(
      crm.topics.profileChanges,
      profileChange('profile.erased', z, { customerId: z, version: 4 }),
    );
    await pollUntil(
      () => get(`/v1/customers/${z}`),
      (r) => r.statusCode === 404,
    );
    for (const id of [x, y]) expect((await get(`/v1/customers/${id}`)).statusCode).toBe(404);
    const [left] = await crm.dataSource.query(
      `SELECT count(*)::int AS n FROM merged_customers WHERE customer_id = ANY($1) OR survivor_id = ANY($1)`,
      [[x, y, z]],
    );
    expect(left.n).toBe(0);
  });

  it('the export holds everything crm keeps about the customer', async () => {
    const customerId = `cus-${randomUUID()}`;
    const order = paid(customerId, 'o1', 10_000, '2026-06-01T10:00:00Z');
    await crm.apply(order);
    await crm.app.inject({
      method: 'POST',
      url: `/v1/customers/${customerId}/points/redemptions`,
      headers: { ...auth, 'idempotency-key': `k-${customerId}` },
      payload: { points: 10, reference: 'gift' },
    });
    const response = await get(`/v1/customers/${customerId}/export`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      customerId,
      profile: { customerId, tier: 'regular', points: { balance: 90 } },
      events: [
        {
          eventKey: eventKeyOf(order),
          type: 'order.paid',
          orderId: 'o1',
          amount: { amount: 10_000, currency: 'CNY' },
        },
      ],
      points: {
        lots: [{ orderId: 'o1', earned: 100, remaining: 90 }],
        redemptions: [{ idempotencyKey: `k-${customerId}`, points: 10, reference: 'gift' }],
      },
    });
    expect(
      body.points.ledger.map((e: { entryType: string; delta: number }) => [e.entryType, e.delta]),
    ).toEqual([
      ['earn', 100],
      ['burn', -10],
    ]);
  });

  it('a merge keeps the higher tier, and the combined activity may qualify for more', async () => {
    const [gold, silver] = [`cus-g-${randomUUID()}`, `cus-s-${randomUUID()}`];
    const recently = new Date(Date.now() - 86_400_000);
    await crm.apply(paid(gold, 'g1', 790_000, recently), paid(silver, 's1', 300_000, recently));
    const tierOf = async (id: string) => (await get(`/v1/customers/${id}`)).json().tier as string;
    expect([await tierOf(gold), await tierOf(silver)]).toEqual(['gold', 'silver']);
    await crm.send(
      crm.topics.profileChanges,
      profileChange('profile.merged', silver, {
        survivorId: silver,
        mergedIds: [gold],
        version: 5,
      }),
    );
    // 7,900 + 3,000 points and two orders: 11,100, still Gold, kept from the merged profile.
    await pollUntil(
      () => get(`/v1/customers/${gold}`),
      (r) => r.statusCode === 404,
    );
    expect(await tierOf(silver)).toBe('gold');
    const changes = (await get(`/v1/customers/${silver}`)).json().tierChanges as {
      previousTier: string;
      tier: string;
    }[];
    expect(changes.at(-1)).toMatchObject({ previousTier: 'silver', tier: 'gold' });
  });

  it('a split v1 creates the new profiles and moves nothing; a replayed older split changes nothing', async () => {
    const [from, fresh] = [`cus-f-${randomUUID()}`, `cus-n-${randomUUID()}`];
    const first = paid(from, 'f1', 10_000, '2026-06-01T10:00:00Z');
    await crm.apply(first);
    await crm.send(
      crm.topics.profileChanges,
      profileChange('profile.split', from, { fromId: from, newIds: [fresh], version: 7 }),
    );
    const created = await pollUntil(
      () => points(fresh),
      (r) => r.status === 200,
    );
    expect(created.body.balance).toBe(0);
    expect((await points(from)).body.balance).toBe(100);
    const older = profileChange(
      'profile.split',
      from,
      {
        fromId: from,
        newIds: [fresh],
        version: 6,
        part: 1,
        parts: 1,
        moves: [{ customerId: fresh, eventKeys: [eventKeyOf(first)] }],
      },
      2,
    );
    const marker = paid(from, 'f2', 1_000);
    await crm.send(crm.topics.profileChanges, older);
    await crm.send(crm.topics.resolvedEvents, marker);
    await pollUntil(
      () => points(from),
      (r) => r.body.balance === 110,
    );
    expect((await points(fresh)).body.balance).toBe(0);
  });
});
