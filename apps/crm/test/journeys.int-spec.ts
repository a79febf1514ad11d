import { randomUUID } from 'node:crypto';
import { validateDownstreamEvent } from '@omni/contracts';
import { createTopicReader, type TopicMessage } from '@omni/messaging';
import { testInfra, useHarness, waitForMessage } from '@omni/testing';
import { DataSource } from 'typeorm';
import { JourneysRepository, type DueTimer } from '../src/journeys/journeys.repository';
import {
  auth,
  eventually,
  processed,
  profileChange,
  resolvedEvent,
  startCrmHarness,
} from './support/crm-harness';

const JOURNEYS = [
  {
    id: 'repurchase-reminder',
    trigger: 'repurchase-reminder',
    entry: 'order-paid',
    exitOn: ['order.paid'],
    channel: 'sms',
    steps: [
      { step: 'day-7', after: '1s' },
      { step: 'day-30', after: '1h' },
    ],
  },
  {
    id: 'cart-abandonment',
    trigger: 'cart-abandonment',
    entry: 'cart-item-added',
    exitOn: ['order.placed', 'order.paid'],
    channel: 'sms',
    steps: [{ step: 'reminder', after: '1h' }],
  },
  {
    id: 'viewed-not-carted',
    trigger: 'viewed-not-carted',
    entry: 'product-viewed',
    exitOn: ['cart.item-added'],
    reentryDays: 1,
    channel: 'sms',
    steps: [{ step: 'nudge', after: '1s' }],
  },
  {
    id: 'birthday',
    trigger: 'birthday',
    entry: 'birthday',
    channel: 'sms',
    steps: [{ step: 'greeting', after: '1s' }],
  },
  {
    id: 'welcome',
    trigger: 'welcome',
    entry: 'signed-up',
    entryMode: 'once',
    channel: 'sms',
    steps: [{ step: 'welcome', after: '1s' }],
  },
];

type Trigger = {
  eventId: string;
  customerId: string;
  payload: { journeyId: string; step: string; instanceId: string; orderId?: string };
};
type Journeys = {
  instances: {
    instanceId: string;
    journeyId: string;
    status: string;
    exitReason: string | null;
    timers: { step: string; status: string }[];
  }[];
  firings: {
    journeyId: string;
    step: string;
    outcome: string;
    reason: string | null;
    eventId: string | null;
  }[];
};

describe('durable journeys', () => {
  const h = useHarness(() =>
    startCrmHarness({ CRM_JOURNEYS: JSON.stringify(JOURNEYS), CRM_CONTACT_CAP: '1' }),
  );

  const journeysOf = async (customerId: string): Promise<Journeys> => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/v1/customers/${customerId}/journeys`,
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  const consentTo = async (customerId: string) => {
    const response = await h.app.inject({
      method: 'PUT',
      url: `/v1/customers/${customerId}/consent`,
      headers: auth,
      payload: {
        actor: 'test',
        consents: [{ channel: 'sms', purpose: 'marketing', granted: true }],
      },
    });
    expect(response.statusCode).toBe(200);
  };

  const paid = (customerId: string, orderId: string) =>
    resolvedEvent('order.paid', customerId, { payload: { orderId } });

  /** Every trigger on the topic once one that `until` accepts has arrived. */
  async function triggersUntil(until: (trigger: Trigger) => boolean): Promise<Trigger[]> {
    const reader = await createTopicReader({
      brokers: testInfra().brokers,
      clientId: 'crm-test',
      topic: h.topics.journeyTriggers,
      fromBeginning: true,
    });
    const valueOf = (message: TopicMessage) =>
      JSON.parse(message.value?.toString('utf8') ?? 'null') as Trigger;
    try {
      await reader.waitFor((message) => until(valueOf(message)));
      return reader.messages.map(valueOf);
    } finally {
      await reader.close();
    }
  }

  it('a paid order starts the repurchase journey; its first step fires once as a valid journey.triggered', async () => {
    await consentTo('cus_jr_repurchase');
    const order = paid('cus_jr_repurchase', 'order-jr-1');
    await h.send(h.topics.resolvedEvents, order);
    const triggers = await triggersUntil((t) => t.customerId === 'cus_jr_repurchase');
    const trigger = triggers.at(-1)!;
    expect(validateDownstreamEvent(trigger)).toMatchObject({ ok: true });
    expect(trigger.payload).toMatchObject({
      journeyId: 'repurchase-reminder',
      step: 'day-7',
      orderId: 'order-jr-1',
      channel: 'sms',
    });
    const journeys = await eventually(async () => {
      const state = await journeysOf('cus_jr_repurchase');
      return state.firings.length === 1 ? state : undefined;
    }, 'the firing');
    expect(journeys.firings).toEqual([
      expect.objectContaining({ step: 'day-7', outcome: 'triggered', eventId: trigger.eventId }),
    ]);
  });

  it('a repurchase ends the running instance (cancelling its later step) and starts a new one', async () => {
    await consentTo('cus_jr_again');
    const first = paid('cus_jr_again', 'order-jr-a');
    await h.send(h.topics.resolvedEvents, first);
    await triggersUntil(
      (t) => t.customerId === 'cus_jr_again' && t.payload.orderId === 'order-jr-a',
    );
    const second = paid('cus_jr_again', 'order-jr-b');
    await h.send(h.topics.resolvedEvents, second);
    await eventually(() => processed(h.db, [second]), 'the second order');
    const { instances } = await journeysOf('cus_jr_again');
    expect(instances).toEqual([
      expect.objectContaining({
        status: 'exited',
        exitReason: 'order.paid',
        timers: [
          { step: 'day-7', status: 'fired', dueAt: expect.any(String) },
          { step: 'day-30', status: 'cancelled', dueAt: expect.any(String) },
        ],
      }),
      expect.objectContaining({ status: 'active' }),
    ]);
  });

  it('a journey without consent records a suppression with its reason and emits nothing', async () => {
    const order = paid('cus_jr_no_consent', 'order-jr-nc');
    await h.send(h.topics.resolvedEvents, order);
    const { firings } = await eventually(async () => {
      const state = await journeysOf('cus_jr_no_consent');
      return state.firings.length > 0 ? state : undefined;
    }, 'the suppression');
    expect(firings).toEqual([
      expect.objectContaining({
        step: 'day-7',
        outcome: 'suppressed',
        reason: 'no-consent',
        eventId: null,
      }),
    ]);
    // A consented customer's trigger, enqueued after the suppression, marks how far to read.
    await consentTo('cus_jr_marker_1');
    await h.send(h.topics.resolvedEvents, paid('cus_jr_marker_1', 'order-jr-m1'));
    const triggers = await triggersUntil((t) => t.customerId === 'cus_jr_marker_1');
    expect(triggers.filter((t) => t.customerId === 'cus_jr_no_consent')).toEqual([]);
  });

  it('a contact over the cap per customer and channel is suppressed with its reason and emits nothing', async () => {
    await consentTo('cus_jr_cap');
    const signup = resolvedEvent('customer.identified', 'cus_jr_cap', {
      payload: { method: 'signup', traits: {} },
    });
    const order = paid('cus_jr_cap', 'order-jr-cap');
    await h.send(h.topics.resolvedEvents, signup, order);
    const { firings } = await eventually(async () => {
      const state = await journeysOf('cus_jr_cap');
      return state.firings.length === 2 ? state : undefined;
    }, 'both firings');
    expect(firings.map((f) => f.outcome).sort()).toEqual(['suppressed', 'triggered']);
    const suppressed = firings.find((f) => f.outcome === 'suppressed')!;
    expect(suppressed).toMatchObject({ reason: 'contact-cap', eventId: null });
    const fired = firings.find((f) => f.outcome === 'triggered')!;
    await consentTo('cus_jr_marker_2');
    await h.send(h.topics.resolvedEvents, paid('cus_jr_marker_2', 'order-jr-m2'));
    const triggers = await triggersUntil((t) => t.customerId === 'cus_jr_marker_2');
    expect(triggers.filter((t) => t.customerId === 'cus_jr_cap').map((t) => t.eventId)).toEqual([
      fired.eventId,
    ]);
  });

  it('a second instance of a journey within its re-entry window is suppressed with its reason', async () => {
    await consentTo('cus_jr_reentry');
    const first = resolvedEvent('product.viewed', 'cus_jr_reentry', { payload: { sku: 'SKU-A' } });
    await h.send(h.topics.resolvedEvents, first);
    await eventually(async () => {
      const state = await journeysOf('cus_jr_reentry');
      return state.firings.length === 1 ? state : undefined;
    }, 'the first nudge');
    const second = resolvedEvent('product.viewed', 'cus_jr_reentry', { payload: { sku: 'SKU-B' } });
    await h.send(h.topics.resolvedEvents, second);
    const { firings } = await eventually(async () => {
      const state = await journeysOf('cus_jr_reentry');
      return state.firings.length === 2 ? state : undefined;
    }, 'the second nudge');
    expect(firings.map((f) => [f.outcome, f.reason])).toEqual([
      ['triggered', null],
      ['suppressed', 'reentry-window'],
    ]);
  });

  it('an order placed after an item was added to the cart ends cart abandonment before it fires', async () => {
    const added = resolvedEvent('cart.item-added', 'cus_jr_cart');
    const placed = resolvedEvent('order.placed', 'cus_jr_cart');
    await h.send(h.topics.resolvedEvents, added, placed);
    await eventually(() => processed(h.db, [added, placed]), 'the cart and the order');
    expect((await journeysOf('cus_jr_cart')).instances).toEqual([
      expect.objectContaining({
        journeyId: 'cart-abandonment',
        status: 'exited',
        exitReason: 'order.placed',
        timers: [expect.objectContaining({ step: 'reminder', status: 'cancelled' })],
      }),
    ]);
  });

  it('a journey with entry mode once is entered once however often its entry event comes', async () => {
    const first = resolvedEvent('customer.identified', 'cus_jr_welcome', {
      payload: { method: 'signup', traits: {} },
    });
    const again = resolvedEvent('customer.identified', 'cus_jr_welcome', {
      payload: { method: 'signup', traits: {} },
    });
    await h.send(h.topics.resolvedEvents, first, again);
    await eventually(() => processed(h.db, [first, again]), 'both sign-ups');
    expect((await journeysOf('cus_jr_welcome')).instances).toHaveLength(1);
  });

  it("a birthday greeting fires on the day, and next year's is scheduled when it completes", async () => {
    await consentTo('cus_jr_birthday');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(),
    );
    const identified = resolvedEvent('customer.identified', 'cus_jr_birthday', {
      payload: { method: 'login', traits: { birthday: `1990-${today.slice(5)}` } },
    });
    await h.send(h.topics.resolvedEvents, identified);
    const triggers = await triggersUntil((t) => t.customerId === 'cus_jr_birthday');
    expect(triggers.filter((t) => t.customerId === 'cus_jr_birthday')[0].payload).toMatchObject({
      journeyId: 'birthday',
      step: 'greeting',
    });
    const { instances } = await eventually(async () => {
      const state = await journeysOf('cus_jr_birthday');
      return state.instances.length === 2 ? state : undefined;
    }, "next year's birthday");
    const year = Number(today.slice(0, 4));
    expect(
      instances.map((i) => [i.status, (i as unknown as { scopeKey: string }).scopeKey]),
    ).toEqual([
      ['completed', String(year)],
      ['active', String(year + 1)],
    ]);
  });

  it('merge, split and erase carry journeys along: one active instance per journey survives a merge, a split moves the instances its events started, an erasure deletes them', async () => {
    const cartA = resolvedEvent('cart.item-added', 'cus_jr_merge_a');
    const cartB = resolvedEvent('cart.item-added', 'cus_jr_merge_b');
    const signupB = resolvedEvent('customer.identified', 'cus_jr_merge_b', {
      payload: { method: 'signup', traits: {} },
    });
    await h.send(h.topics.resolvedEvents, cartA, cartB, signupB);
    await eventually(() => processed(h.db, [cartA, cartB, signupB]), 'the entries');
    const merged = profileChange('profile.merged', 'cus_jr_merge_a', {
      survivorId: 'cus_jr_merge_a',
      mergedIds: ['cus_jr_merge_b'],
      version: 2,
    });
    await h.send(h.topics.profileChanges, merged);
    await eventually(() => processed(h.db, [merged]), 'the merge');
    const afterMerge = await journeysOf('cus_jr_merge_a');
    const carts = afterMerge.instances.filter((i) => i.journeyId === 'cart-abandonment');
    expect(carts.map((i) => [i.status, i.exitReason]).sort()).toEqual([
      ['active', null],
      ['exited', 'merged'],
    ]);
    expect(afterMerge.instances.map((i) => i.journeyId)).toContain('welcome');
    expect((await journeysOf('cus_jr_merge_b')).instances).toEqual([]);
    const split = profileChange(
      'profile.split',
      'cus_jr_merge_a',
      {
        fromId: 'cus_jr_merge_a',
        newIds: ['cus_jr_split_new'],
        version: 3,
        part: 1,
        parts: 1,
        moves: [{ customerId: 'cus_jr_split_new', eventKeys: [`brand-app:${signupB.eventId}`] }],
      },
      2,
    );
    await h.send(h.topics.profileChanges, split);
    await eventually(() => processed(h.db, [split]), 'the split');
    expect((await journeysOf('cus_jr_split_new')).instances.map((i) => i.journeyId)).toEqual([
      'welcome',
    ]);
    expect((await journeysOf('cus_jr_merge_a')).instances).toHaveLength(2);
    const erased = profileChange('profile.erased', 'cus_jr_merge_a', {
      customerId: 'cus_jr_merge_a',
      version: 4,
    });
    await h.send(h.topics.profileChanges, erased);
    await eventually(() => processed(h.db, [erased]), 'the erasure');
    expect(await journeysOf('cus_jr_merge_a')).toMatchObject({ instances: [], firings: [] });
    const left: { n: number }[] = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM journey_timers WHERE customer_id = 'cus_jr_merge_a'`,
    );
    expect(left[0].n).toBe(0);
  });

  it('an event that ends an instance while its timer is being fired waits for the firing instead of deadlocking with it', async () => {
    const dataSource = h.app.get(DataSource);
    const journeys = h.app.get(JourneysRepository);
    const instanceId = `inst-jr-race-${randomUUID()}`;
    await dataSource.query(
      `INSERT INTO journey_instances (instance_id, journey_id, customer_id, scope_key, status, entered_at, anchor_at)
       VALUES ($1, 'repurchase-reminder', 'cus_jr_race', '', 'active', now(), now())`,
      [instanceId],
    );
    // Due in an hour, so only this spec's firing below touches it.
    const [{ id }]: { id: string }[] = await dataSource.query(
      `INSERT INTO journey_timers (instance_id, journey_id, customer_id, step, step_index, due_at, status)
       VALUES ($1, 'repurchase-reminder', 'cus_jr_race', 'day-7', 0, now() + interval '1 hour', 'pending')
       RETURNING id::text AS id`,
      [instanceId],
    );
    // The scheduler's round: the timer claimed first, its instance completed later.
    const firing = dataSource.createQueryRunner();
    await firing.connect();
    await firing.startTransaction();
    try {
      await firing.query(`SELECT id FROM journey_timers WHERE id = $1 FOR UPDATE`, [id]);
      const exit = dataSource.transaction((tx) =>
        journeys.exitMany(tx, [{ instanceId, reason: 'order.paid', at: new Date() }]),
      );
      await eventually(async () => {
        const waiting: { n: number }[] = await dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE usename = current_user AND wait_event_type = 'Lock' AND query LIKE 'UPDATE journey_timers%'`,
        );
        return waiting[0].n > 0 || undefined;
      }, 'the exit waiting for the claimed timer');
      const timer = { id, instanceId } as DueTimer;
      await journeys.settleMany(firing.manager, [{ timer, status: 'fired' }], new Date());
      await firing.commitTransaction();
      await exit;
    } finally {
      if (firing.isTransactionActive) await firing.rollbackTransaction();
      await firing.release();
    }
    const [state]: { instance: string; timer: string }[] = await dataSource.query(
      `SELECT i.status AS instance, t.status AS timer
       FROM journey_instances i JOIN journey_timers t USING (instance_id) WHERE i.instance_id = $1`,
      [instanceId],
    );
    expect(state).toEqual({ instance: 'completed', timer: 'fired' });
  });

  it('a malformed resolved event is dead-lettered and the events after it are still applied', async () => {
    const poison = { eventId: 'poison-jr-1', type: 'order.paid', version: 1, payload: {} };
    const after = resolvedEvent('cart.item-added', 'cus_jr_after_poison');
    await h.producer.send(h.topics.resolvedEvents, [
      { key: 'cus_jr_after_poison', value: poison },
      { key: 'cus_jr_after_poison', value: after },
    ]);
    await eventually(() => processed(h.db, [after]), 'the event after the poison');
    expect((await journeysOf('cus_jr_after_poison')).instances).toHaveLength(1);
    const dead = await waitForMessage<{ eventId: string }>(
      'crm.dlt.v1',
      ({ value }) => value.eventId === 'poison-jr-1',
    );
    expect(dead.key).toBe('cus_jr_after_poison');
  });
});
