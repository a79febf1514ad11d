import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import {
  auth,
  eventKeyOf,
  profileChange,
  resolved,
  startReporting,
  type KpiAnswer,
  type TestEvent,
} from './support/reporting-harness';

type Table = {
  rows: { cells: Record<string, string | number | boolean | null>; suppressed: string[] }[];
};

const DAYS = 'interval=day&from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z';
const METRICS =
  'csat,csatAnswers,csatMeanScore,csatRespondents,serviceContacts,serviceContactCustomers';

describe('CSAT and service contacts per channel, campaign and bucket', () => {
  const [ann, bob, cat, dan, eve, fay] = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay'].map(
    (name) => `cus-${name}-${randomUUID()}`,
  );
  const callCenter = { channel: 'call-center' };
  const survey = (customer: string, score: number, at: string, extra = {}, on = callCenter) =>
    resolved('survey.answered', customer, {
      ...on,
      at,
      exactPayload: { satisfaction: score, surveyId: 'CSAT-AFTER-CALL', ...extra },
    });
  const contact = (customer: string, contactId: string, at: string, satisfaction?: number) =>
    resolved('service.contacted', customer, {
      ...callCenter,
      at,
      exactPayload: {
        contactId,
        medium: 'phone',
        reason: 'delivery',
        ...(satisfaction === undefined ? {} : { satisfaction }),
      },
    });
  const annSurvey = survey(ann, 5, '2026-11-02T10:00:00Z');

  // k = 3: a cell about one or two customers is hidden.
  const reporting = useHarness(() => startReporting({ REPORTING_MIN_CELL_CUSTOMERS: '3' }));

  beforeAll(async () => {
    // bob answers the after-call survey about CT-1 (4) before the contact itself arrives rated 2.
    const first = [annSurvey, survey(bob, 4, '2026-11-02T10:30:00Z', { contactId: 'CT-1' })];
    await reporting.send(reporting.topics.resolvedEvents, ...first);
    await reporting.applied(...first);
    const rest: TestEvent[] = [
      contact(bob, 'CT-1', '2026-11-02T10:20:00Z', 2),
      contact(cat, 'CT-2', '2026-11-02T11:00:00Z', 3),
      contact(dan, 'CT-3', '2026-11-02T11:15:00Z'),
      survey(eve, 1, '2026-11-02T12:00:00Z', {}, { channel: 'web' }),
      // Redelivered: counted once.
      annSurvey,
      // Late, on the day before: restates its own bucket.
      survey(fay, 5, '2026-11-01T18:00:00Z'),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...rest);
    await reporting.applied(...rest);
  });

  it('counts the share of 4–5 answers, each service contact rated once, per channel and day', async () => {
    const { status, body } = await reporting.get<KpiAnswer>(
      `/v1/kpis?${DAYS}&groupBy=channel&metrics=${METRICS}`,
    );
    expect(status).toBe(200);
    const row = (day: string, channel: string) =>
      body.rows.find((r) => r.bucketStart.startsWith(day) && r.channel === channel)?.metrics;
    // call-center, 2 Nov: ann 5, bob 4 (CT-1's survey; the contact's own 2 is the same answer),
    // cat 3 (CT-2): 2 of 3 satisfied, mean 12 / 3; contacts CT-1, CT-2, CT-3 of bob, cat, dan.
    expect(row('2026-11-02', 'call-center')).toEqual({
      csat: 2 / 3,
      csatAnswers: 3,
      csatMeanScore: 4,
      csatRespondents: 3,
      serviceContacts: 3,
      serviceContactCustomers: 3,
    });
    expect(row('2026-11-02', 'web')).toEqual({
      csat: 0,
      csatAnswers: 1,
      csatMeanScore: 1,
      csatRespondents: 1,
      serviceContacts: 0,
      serviceContactCustomers: 0,
    });
    // fay's late answer is in its own day.
    expect(row('2026-11-01', 'call-center')).toMatchObject({
      csat: 1,
      csatAnswers: 1,
      csatMeanScore: 5,
    });
  });

  it('hourly buckets hold the answers of their own hour', async () => {
    const { body } = await reporting.get<KpiAnswer>(
      `/v1/kpis?interval=hour&from=2026-11-02T10:00:00Z&to=2026-11-02T12:00:00Z&channel=call-center&metrics=csat,csatAnswers,serviceContacts`,
    );
    expect(body.rows.map((r) => [r.bucketStart, r.metrics])).toEqual([
      ['2026-11-02T10:00:00.000Z', { csat: 1, csatAnswers: 2, serviceContacts: 1 }],
      ['2026-11-02T11:00:00.000Z', { csat: 0, csatAnswers: 1, serviceContacts: 2 }],
    ]);
  });

  it('the dashboard and CSV show CSAT of three respondents and hide that of one', async () => {
    const { body } = await reporting.get<Table>(
      `/v1/dashboard/kpis?${DAYS}&groupBy=channel&metrics=csat,csatAnswers,serviceContacts`,
    );
    const cc = body.rows.find(
      (r) =>
        r.cells['channel'] === 'call-center' &&
        String(r.cells['bucketStart']).startsWith('2026-11-02'),
    )!;
    expect(cc.cells).toMatchObject({ csat: 2 / 3, csatAnswers: 3, serviceContacts: 3 });
    const web = body.rows.find((r) => r.cells['channel'] === 'web')!;
    expect(web.suppressed).toEqual(['csat', 'csatAnswers']);
    const csv = await reporting.app.inject({
      method: 'GET',
      url: `/v1/exports/kpis.csv?${DAYS}&groupBy=channel&metrics=csat,csatAnswers,serviceContacts`,
      headers: auth,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('bucketStart,channel,csat,csatAnswers,serviceContacts,suppressed');
    expect(csv.body).toContain(`2026-11-02T00:00:00.000Z,call-center,${2 / 3},3,3,\r\n`);
    expect(csv.body).toContain('2026-11-02T00:00:00.000Z,web,,,0,csat;csatAnswers\r\n');
  });

  it('the channel health index reads this CSAT: share of 4–5 answers over the month as 0–100', async () => {
    const { status, body } = await reporting.post<
      { channel: string; figures: { healthScores: Record<string, number | null> } }[]
    >('/v1/channel-decisions/run', { periodEnd: '2026-11-03' });
    expect(status).toBe(200);
    const scores = Object.fromEntries(body.map((d) => [d.channel, d.figures.healthScores['csat']]));
    // call-center: 3 of 4 answers satisfied over the month (fay 5 on 1 Nov; ann, bob, cat on 2 Nov).
    expect(scores['call-center']).toBe(75);
    expect(scores['web']).toBe(0);
  });

  it('respondents follow identity: a split counts two people, a merge one, the answers stay', async () => {
    const campaign = `c-${randomUUID()}`;
    const [one, other] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const on = { channel: 'call-center', campaignId: campaign };
    const mine = survey(one, 5, '2026-11-05T10:00:00Z', {}, on);
    const theirs = survey(one, 2, '2026-11-05T11:00:00Z', {}, on);
    const deliver = async (topic: string, ...events: TestEvent[]) => {
      await reporting.send(topic, ...events);
      await reporting.applied(...events);
    };
    const day = async () =>
      (
        await reporting.get<KpiAnswer>(
          `/v1/kpis?campaign=${campaign}&from=2026-11-05T00:00:00Z&to=2026-11-06T00:00:00Z&metrics=csat,csatAnswers,csatRespondents`,
        )
      ).body.rows[0]?.metrics;
    await deliver(reporting.topics.resolvedEvents, mine, theirs);
    expect(await day()).toEqual({ csat: 0.5, csatAnswers: 2, csatRespondents: 1 });
    await deliver(
      reporting.topics.profileChanges,
      profileChange(
        'profile.split',
        one,
        {
          fromId: one,
          newIds: [other],
          version: 3,
          part: 1,
          parts: 1,
          moves: [{ customerId: other, eventKeys: [eventKeyOf(theirs)] }],
        },
        2,
      ),
    );
    expect(await day()).toEqual({ csat: 0.5, csatAnswers: 2, csatRespondents: 2 });
    await deliver(
      reporting.topics.profileChanges,
      profileChange('profile.merged', one, { survivorId: one, mergedIds: [other], version: 4 }),
    );
    expect(await day()).toEqual({ csat: 0.5, csatAnswers: 2, csatRespondents: 1 });
  });

  it('an unknown CSAT metric is 400 invalid_request', async () => {
    const { status, body } = await reporting.get<{ code: string; message: string }>(
      `/v1/kpis?${DAYS}&metrics=csat,happiness`,
    );
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
  });
});
