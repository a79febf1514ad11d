import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import {
  placed,
  profileChange,
  resolved,
  startReporting,
  type TestEvent,
} from './support/reporting-harness';

type FunnelAnswer = {
  steps: {
    name: string;
    customers: number;
    conversionFromPrevious: number | null;
    conversionFromFirst: number | null;
  }[];
  breakdown?: { value: string | null; customers: number[] }[];
};

describe('funnels and retention over stored events', () => {
  const reporting = useHarness(startReporting);

  const deliver = async (...events: TestEvent[]) => {
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
  };

  // Minutes after 10:00 on 1 June 2026.
  const t = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString();

  describe('a hand-worked funnel page → product → cart with a 30-minute window', () => {
    const steps = [
      { name: 'page', types: ['page.viewed'] },
      { name: 'product', types: ['product.viewed'] },
      { name: 'cart', types: ['cart.item-added'] },
    ];
    const query = (mode: string, extra: Record<string, unknown> = {}) =>
      reporting.post<FunnelAnswer>('/v1/funnels/query', {
        steps,
        mode,
        windowMinutes: 30,
        from: '2026-06-01T10:00:00Z',
        to: '2026-06-01T11:00:00Z',
        ...extra,
      });

    beforeAll(async () => {
      const [inOrder, detour, shuffled, tooSlow, never] = Array.from(
        { length: 5 },
        () => `cus-${randomUUID()}`,
      );
      await deliver(
        resolved('page.viewed', inOrder, { at: t(1), channel: 'web' }),
        resolved('product.viewed', inOrder, { at: t(2), channel: 'web' }),
        resolved('cart.item-added', inOrder, { at: t(3), channel: 'web' }),
        resolved('page.viewed', detour, { at: t(1), channel: 'app' }),
        resolved('search.performed', detour, { at: t(2), channel: 'app' }),
        resolved('product.viewed', detour, { at: t(3), channel: 'app' }),
        resolved('cart.item-added', detour, { at: t(4), channel: 'app' }),
        resolved('product.viewed', shuffled, { at: t(1), channel: 'web' }),
        resolved('page.viewed', shuffled, { at: t(2), channel: 'web' }),
        resolved('cart.item-added', shuffled, { at: t(3), channel: 'web' }),
        resolved('page.viewed', tooSlow, { at: t(1), channel: 'app' }),
        resolved('product.viewed', tooSlow, { at: t(2), channel: 'app' }),
        resolved('cart.item-added', tooSlow, { at: t(45), channel: 'app' }),
        resolved('search.performed', never, { at: t(1), channel: 'web' }),
      );
    });

    it('ordered: 4 → 3 → 2', async () => {
      const { status, body } = await query('ordered');
      expect(status).toBe(200);
      expect(body.steps.map((s) => s.customers)).toEqual([4, 3, 2]);
      expect(body.steps.map((s) => s.conversionFromPrevious)).toEqual([1, 0.75, 2 / 3]);
      expect(body.steps[2].conversionFromFirst).toBe(0.5);
    });

    it('strict: 4 → 2 → 1 (a search between two steps breaks the chain)', async () => {
      expect((await query('strict')).body.steps.map((s) => s.customers)).toEqual([4, 2, 1]);
    });

    it('any-order: 4 → 4 → 3', async () => {
      expect((await query('any-order')).body.steps.map((s) => s.customers)).toEqual([4, 4, 3]);
    });

    it('a longer window lets the slow customer convert', async () => {
      expect(
        (await query('ordered', { windowMinutes: 60 })).body.steps.map((s) => s.customers),
      ).toEqual([4, 3, 3]);
    });

    it('breaks down by the channel of the first step', async () => {
      expect((await query('ordered', { breakdown: 'channel' })).body.breakdown).toEqual([
        { value: 'app', customers: [2, 2, 1] },
        { value: 'web', customers: [2, 1, 1] },
      ]);
    });

    it('a property filter on a step keeps only matching events', async () => {
      const filtered = await reporting.post<FunnelAnswer>('/v1/funnels/query', {
        steps: [steps[0], { ...steps[1], where: { sku: 'NO-SUCH-SKU' } }],
        from: '2026-06-01T10:00:00Z',
        to: '2026-06-01T11:00:00Z',
      });
      expect(filtered.body.steps.map((s) => s.customers)).toEqual([4, 0]);
    });
  });

  it('a merge does not count one person twice in a funnel: two ids become one customer who converts', async () => {
    const [web, mini] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const at = (minute: number) => new Date(Date.UTC(2026, 5, 2, 10, minute)).toISOString();
    await deliver(
      resolved('page.viewed', web, { at: at(1) }),
      resolved('product.viewed', web, { at: at(2) }),
      resolved('page.viewed', mini, { at: at(3), channel: 'wechat-miniprogram' }),
      resolved('cart.item-added', mini, { at: at(4), channel: 'wechat-miniprogram' }),
      placed(mini, `o-${randomUUID()}`, 5_000, { at: at(5), channel: 'wechat-miniprogram' }),
    );
    const query = () =>
      reporting.post<FunnelAnswer>('/v1/funnels/query', {
        from: '2026-06-02T00:00:00Z',
        to: '2026-06-03T00:00:00Z',
      });
    // The default funnel: awareness → interest → consideration → conversion.
    const before = await query();
    expect(before.body.steps.map((s) => s.name)).toEqual([
      'awareness',
      'interest',
      'consideration',
      'conversion',
    ]);
    expect(before.body.steps.map((s) => s.customers)).toEqual([2, 1, 0, 0]);
    const merge = profileChange('profile.merged', web, {
      survivorId: web,
      mergedIds: [mini],
      version: 2,
    });
    await reporting.send(reporting.topics.profileChanges, merge);
    await reporting.applied(merge);
    expect((await query()).body.steps.map((s) => s.customers)).toEqual([1, 1, 1, 1]);
  });

  it('retention cohorts by first-order week: hand-worked returns per week and within 7 and 30 days', async () => {
    const [a, b, c, d] = Array.from({ length: 4 }, () => `cus-${randomUUID()}`);
    const order = (customerId: string, iso: string) =>
      placed(customerId, `o-${randomUUID()}`, 1_000, { at: iso });
    await deliver(
      order(a, '2026-07-06T10:00:00Z'),
      order(a, '2026-07-09T10:00:00Z'),
      order(a, '2026-07-16T10:00:00Z'),
      order(b, '2026-07-07T10:00:00Z'),
      order(b, '2026-07-27T10:00:00Z'),
      order(c, '2026-07-08T10:00:00Z'),
      order(d, '2026-07-14T10:00:00Z'),
      order(d, '2026-08-23T10:00:00Z'),
    );
    const { status, body } = await reporting.post<{ cohorts: unknown[] }>('/v1/retention/query', {
      from: '2026-07-06T00:00:00Z',
      to: '2026-07-20T00:00:00Z',
      periods: 4,
    });
    expect(status).toBe(200);
    expect(body.cohorts).toEqual([
      {
        cohortStart: '2026-07-06T00:00:00.000Z',
        size: 3,
        returned: [1, 1, 0, 1],
        rates: [1 / 3, 1 / 3, 0, 1 / 3],
        within7Days: 1,
        within30Days: 2,
      },
      {
        cohortStart: '2026-07-13T00:00:00.000Z',
        size: 1,
        returned: [0, 0, 0, 0],
        rates: [0, 0, 0, 0],
        within7Days: 0,
        within30Days: 0,
      },
    ]);
  });

  it.each([
    ['/v1/funnels/query', { steps: [{ types: ['page.viewed'] }] }, 'one step'],
    ['/v1/funnels/query', { mode: 'loose' }, 'an unknown mode'],
    [
      '/v1/funnels/query',
      { steps: [{ types: ['Page Viewed'] }, { types: ['order.placed'] }] },
      'a malformed event type',
    ],
    ['/v1/retention/query', { period: 'day' }, 'an unknown period'],
    ['/v1/retention/query', { periods: 0 }, 'zero periods'],
  ])('%s with %j (%s) is invalid_request', async (url, change, _case) => {
    const { status, body } = await reporting.post<{ code: string }>(url, {
      from: '2026-06-01T00:00:00Z',
      to: '2026-06-02T00:00:00Z',
      ...change,
    });
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
  });
});
