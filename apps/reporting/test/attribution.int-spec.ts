import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import { placed, profileChange, resolved, startReporting } from './support/reporting-harness';

type Answer = {
  orders: number;
  revenue: number;
  unattributed: { orders: number; revenue: number };
  rows: {
    channel: string;
    campaignId: string;
    paid: boolean;
    touches: number;
    credits: Record<string, number>;
  }[];
};

const DAY = 86_400_000;

describe('multi-touch attribution over stored touches', () => {
  const reporting = useHarness(startReporting);

  const touch = (
    customerId: string,
    channel: string,
    campaignId: string,
    at: Date,
    medium = 'cpc',
  ) =>
    resolved('marketing.touch', customerId, {
      at: at.toISOString(),
      channel,
      payload: { touchType: 'click', campaignId, source: channel, medium },
    });

  it('credits a hand-worked four-touch path in every model, adding up to the order value', async () => {
    const ann = `cus-${randomUUID()}`;
    const orderAt = new Date('2026-04-20T12:00:00Z');
    const ago = (days: number) => new Date(orderAt.getTime() - days * DAY);
    const events = [
      touch(ann, 'xiaohongshu', 'kol', ago(10), 'kol-note'),
      touch(ann, 'douyin', 'live', ago(7)),
      touch(ann, 'wechat-miniprogram', 'group', ago(3), 'social'),
      touch(ann, 'tmall', 'search', ago(0)),
      // Outside the path: after the order, and older than the 30-day lookback.
      touch(ann, 'jd', 'late', new Date(orderAt.getTime() + 60_000)),
      touch(ann, 'jd', 'old', ago(31)),
      placed(ann, `o-${randomUUID()}`, 10_001, { at: orderAt.toISOString(), channel: 'tmall' }),
      // An order of someone without touches is revenue nobody is credited with.
      placed(`cus-${randomUUID()}`, `o-${randomUUID()}`, 5_000, { at: '2026-04-21T00:00:00Z' }),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
    const { status, body } = await reporting.post<Answer>('/v1/attribution/query', {
      from: '2026-04-15T00:00:00Z',
      to: '2026-04-25T00:00:00Z',
    });
    expect(status).toBe(200);
    expect(body.orders).toBe(2);
    expect(body.revenue).toBe(15_001);
    expect(body.unattributed).toEqual({ orders: 1, revenue: 5_000 });
    const byChannel = Object.fromEntries(body.rows.map((row) => [row.channel, row]));
    expect(Object.keys(byChannel).sort()).toEqual([
      'douyin',
      'tmall',
      'wechat-miniprogram',
      'xiaohongshu',
    ]);
    const credits = (model: string) =>
      ['xiaohongshu', 'douyin', 'wechat-miniprogram', 'tmall'].map(
        (c) => byChannel[c].credits[model],
      );
    expect(credits('first')).toEqual([10_001, 0, 0, 0]);
    expect(credits('last')).toEqual([0, 0, 0, 10_001]);
    expect(credits('linear')).toEqual([2_501, 2_500, 2_500, 2_500]);
    expect(credits('time-decay')).toEqual([1_421, 1_913, 2_842, 3_825]);
    expect(credits('position')).toEqual([4_001, 1_000, 1_000, 4_000]);
    // Paid media (cpc) are paid; a KOL note and a WeChat group are organic.
    expect(body.rows.map((row) => [row.channel, row.paid]).sort()).toEqual([
      ['douyin', true],
      ['tmall', true],
      ['wechat-miniprogram', false],
      ['xiaohongshu', false],
    ]);

    // A shorter lookback and another half-life are answered from the same stored touches.
    const short = await reporting.post<Answer>('/v1/attribution/query', {
      from: '2026-04-15T00:00:00Z',
      to: '2026-04-25T00:00:00Z',
      models: ['linear', 'time-decay'],
      lookbackDays: 5,
      halfLifeDays: 1,
    });
    expect(short.status).toBe(200);
    expect(short.body.rows.map((row) => [row.channel, row.credits])).toEqual([
      ['tmall', { linear: 5_000, 'time-decay': 8_890 }],
      ['wechat-miniprogram', { linear: 5_001, 'time-decay': 1_111 }],
    ]);
  });

  it('a merge puts the touches of both ids on one path', async () => {
    const [web, mini] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const events = [
      touch(web, 'web', 'sem', new Date('2026-05-10T00:00:00Z')),
      placed(mini, `o-${randomUUID()}`, 9_000, {
        at: '2026-05-11T00:00:00Z',
        channel: 'wechat-miniprogram',
      }),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
    const query = { from: '2026-05-01T00:00:00Z', to: '2026-05-31T00:00:00Z', models: ['last'] };
    const before = await reporting.post<Answer>('/v1/attribution/query', query);
    expect(before.body.unattributed).toEqual({ orders: 1, revenue: 9_000 });
    const merge = profileChange('profile.merged', mini, {
      survivorId: mini,
      mergedIds: [web],
      version: 3,
    });
    await reporting.send(reporting.topics.profileChanges, merge);
    await reporting.applied(merge);
    const after = await reporting.post<Answer>('/v1/attribution/query', query);
    expect(after.body.unattributed).toEqual({ orders: 0, revenue: 0 });
    expect(after.body.rows).toEqual([
      {
        channel: 'web',
        campaignId: 'sem',
        paid: true,
        customers: 1,
        touches: 1,
        credits: { last: 9_000 },
      },
    ]);
  });

  it.each([
    ['an unknown model', { models: ['u-shaped'] }],
    ['a lookback of 0 days', { lookbackDays: 0 }],
    ['from after to', { from: '2026-06-01T00:00:00Z' }],
    ['an unknown field', { window: 3 }],
  ])('%s is invalid_request', async (_, change) => {
    const { status, body } = await reporting.post<{ code: string }>('/v1/attribution/query', {
      from: '2026-04-01T00:00:00Z',
      to: '2026-05-01T00:00:00Z',
      ...change,
    });
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
  });

  it('a range of more orders than allowed is range_too_large', async () => {
    await reporting.restart({ REPORTING_ATTRIBUTION_MAX_ORDERS: '1' });
    const { status, body } = await reporting.post<{ code: string }>('/v1/attribution/query', {
      from: '2026-04-01T00:00:00Z',
      to: '2026-05-01T00:00:00Z',
    });
    expect(status).toBe(400);
    expect(body.code).toBe('range_too_large');
  });
});
