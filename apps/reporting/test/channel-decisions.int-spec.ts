import { randomUUID } from 'node:crypto';
import { validateDownstreamEvent } from '@omni/contracts';
import { eventually, messagesOn, useHarness } from '@omni/testing';
import { cny, placed, resolved, startReporting, type TestEvent } from './support/reporting-harness';

type Decision = {
  channel: string;
  recommendation: string | null;
  healthIndex: number | null;
  resourceCut: boolean;
  reason: string;
  figures: {
    roiHistory: (number | null)[];
    averageRoiOfExisting: number | null;
    healthScores: Record<string, number | null>;
  };
};

/** Three channels under test, a flat 60% cost rate, break-even as the target, health 40. */
const DECISION_SETTINGS = {
  REPORTING_NEW_CHANNELS: 'douyin,kuaishou,xiaohongshu',
  REPORTING_COST_RATES: 'default:0.6',
  REPORTING_TARGET_ROI: 'default:1',
  REPORTING_HEALTH_THRESHOLD: '40',
};

describe('channel decisions from stored revenue and spend', () => {
  const reporting = useHarness(() => startReporting(DECISION_SETTINGS));

  beforeAll(async () => {
    const spend = (channel: string, date: string, cost: number): TestEvent => ({
      ...resolved('marketing.spend', 'unused', { at: `${date}T23:00:00Z`, channel }),
      customerId: undefined,
      payload: {
        date,
        campaignId: `${channel}-test`,
        source: channel,
        medium: 'cpc',
        cost: cny(cost),
      },
    });
    const revenue = (channel: string, date: string, total: number) =>
      placed(`cus-${randomUUID()}`, `o-${randomUUID()}`, total, {
        at: `${date}T12:00:00Z`,
        channel,
      });
    // Margin is 40% of revenue; ROI = (margin − spend) / spend.
    const events = [
      // Existing channels at ROI 1.0 in the period decided (12–19 October): average 1.0.
      spend('tmall', '2026-10-13', 10_000),
      revenue('tmall', '2026-10-13', 50_000),
      spend('jd', '2026-10-14', 10_000),
      revenue('jd', '2026-10-14', 50_000),
      // douyin at exactly 15% of the average: ROI (11,500 − 10,000) / 10,000 = 0.15.
      spend('douyin', '2026-10-15', 10_000),
      revenue('douyin', '2026-10-15', 28_750),
      // kuaishou at exactly 30% above it: ROI 1.3.
      spend('kuaishou', '2026-10-15', 10_000),
      revenue('kuaishou', '2026-10-15', 57_500),
      // xiaohongshu at ROI 0, below 50% of its target, three periods running.
      ...['2026-09-30', '2026-10-07', '2026-10-14'].flatMap((date) => [
        spend('xiaohongshu', date, 10_000),
        revenue('xiaohongshu', date, 25_000),
      ]),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
  });

  it('admits at 15% of the existing average, expands at 30% above, exits after three periods below half its target', async () => {
    const { status, body } = await reporting.post<Decision[]>('/v1/channel-decisions/run', {
      periodEnd: '2026-10-19',
    });
    expect(status).toBe(200);
    const by = Object.fromEntries(body.map((d) => [d.channel, d]));
    expect(by['douyin'].recommendation).toBe('admit');
    expect(by['douyin'].figures.averageRoiOfExisting).toBe(1);
    expect(by['douyin'].figures.roiHistory.at(-1)).toBe(0.15);
    expect(by['kuaishou'].recommendation).toBe('expand');
    expect(by['xiaohongshu'].recommendation).toBe('exit');
    expect(by['xiaohongshu'].figures.roiHistory).toEqual([0, 0, 0]);
    // Existing channels get a health index, not a test verdict.
    expect(by['tmall'].recommendation).toBeNull();
    for (const decision of body) {
      expect(decision.healthIndex).not.toBeNull();
      expect(decision.resourceCut).toBe(decision.healthIndex! < 40);
    }
  });

  it('a manual partner-relations input enters the health index, and decisions are stored and listed', async () => {
    const put = await reporting.app.inject({
      method: 'PUT',
      url: '/v1/channels/douyin/inputs',
      headers: { authorization: 'Bearer test-reporting-admin-token-0123456789' },
      payload: { partnerRelations: 90, actor: 'ops:li.wei' },
    });
    expect(put.statusCode).toBe(204);
    const run = await reporting.post<Decision[]>('/v1/channel-decisions/run', {
      periodEnd: '2026-10-19',
    });
    expect(
      run.body.find((d) => d.channel === 'douyin')!.figures.healthScores['partnerRelations'],
    ).toBe(90);
    const listed = await reporting.get<Decision[]>('/v1/channel-decisions');
    expect(listed.body.filter((d) => d.channel === 'douyin')).toHaveLength(1);
  });

  it('a run publishes one channel.decided per decision; a rerun publishes only a decision that changed, as its next revision', async () => {
    const periodEnd = '2026-10-26';
    const topic = reporting.topics.channelDecisions;
    // Everything on the topic, once the outbox has handed it to Kafka: so "once" is exact.
    const published = async () => {
      await eventually(
        async () => (await reporting.count(`SELECT count(*) AS n FROM outbox`)) === 0 || undefined,
        'the outbox drained',
      );
      return (await messagesOn(topic)).map((m) => ({
        key: m.key,
        value: JSON.parse(m.value!.toString('utf8')) as {
          eventId: string;
          type: string;
          payload: Decision & { periodEnd: string; revision: number; decisionId: string };
        },
      }));
    };
    const ofPeriod = (events: Awaited<ReturnType<typeof published>>) =>
      events.filter((e) => e.value.payload.periodEnd === periodEnd);

    const first = await reporting.post<(Decision & { revision: number })[]>(
      '/v1/channel-decisions/run',
      { periodEnd },
    );
    expect(first.status).toBe(200);
    const afterFirst = ofPeriod(await published());
    expect(afterFirst.map((e) => e.key).sort()).toEqual(first.body.map((d) => d.channel).sort());
    for (const event of afterFirst) {
      const decision = first.body.find((d) => d.channel === event.key)!;
      expect(event.value.type).toBe('channel.decided');
      expect(validateDownstreamEvent(event.value)).toMatchObject({ ok: true });
      expect(event.value.payload).toMatchObject({
        decisionId: `${periodEnd}:${decision.channel}`,
        channel: decision.channel,
        revision: 1,
        periodStart: '2026-10-19',
        recommendation: decision.recommendation,
        healthIndex: decision.healthIndex,
        resourceCut: decision.resourceCut,
        figures: decision.figures,
      });
    }

    // Nothing changed: the rerun publishes nothing.
    const again = await reporting.post<(Decision & { revision: number })[]>(
      '/v1/channel-decisions/run',
      { periodEnd },
    );
    expect(again.body.map((d) => d.revision)).toEqual(first.body.map(() => 1));
    expect(ofPeriod(await published())).toHaveLength(afterFirst.length);

    // A new partner-relations score changes kuaishou's health: only its decision is published again.
    await reporting.app.inject({
      method: 'PUT',
      url: '/v1/channels/kuaishou/inputs',
      headers: { authorization: 'Bearer test-reporting-admin-token-0123456789' },
      payload: { partnerRelations: 5, actor: 'ops:li.wei' },
    });
    const revised = await reporting.post<(Decision & { revision: number })[]>(
      '/v1/channel-decisions/run',
      { periodEnd },
    );
    expect(revised.body.find((d) => d.channel === 'kuaishou')!.revision).toBe(2);
    const afterRevision = ofPeriod(await published());
    expect(afterRevision).toHaveLength(afterFirst.length + 1);
    expect(
      afterRevision.filter((e) => e.key === 'kuaishou').map((e) => e.value.payload.revision),
    ).toEqual([1, 2]);
    expect(new Set(afterRevision.map((e) => e.value.eventId)).size).toBe(afterRevision.length);
  });

  it('bad input is 400 and stores nothing', async () => {
    const before = (await reporting.get<Decision[]>('/v1/channel-decisions')).body.length;
    expect(
      (await reporting.post('/v1/channel-decisions/run', { periodEnd: '19/10/2026' })).status,
    ).toBe(400);
    const put = await reporting.app.inject({
      method: 'PUT',
      url: '/v1/channels/myspace/inputs',
      headers: { authorization: 'Bearer test-reporting-admin-token-0123456789' },
      payload: { partnerRelations: 101, actor: 'x' },
    });
    expect(put.statusCode).toBe(400);
    expect((await reporting.get<Decision[]>('/v1/channel-decisions')).body).toHaveLength(before);
  });
});
