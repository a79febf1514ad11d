import { randomUUID } from 'node:crypto';
import { useHarness, waitForMessage } from '@omni/testing';
import { AlertsService } from '../src/alerts/alerts.service';
import { placed, startReporting, type TestEvent } from './support/reporting-harness';

type Alert = {
  id: string;
  ruleId: string;
  value: number;
  message: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
};
type AlertRaised = {
  eventId: string;
  type: string;
  payload: { alertId: string; severity: string; value: number; campaignId?: string; rule: string };
};

describe('alerts on KPIs', () => {
  const reporting = useHarness(() =>
    startReporting({
      REPORTING_ALERT_GRACE_MS: '0',
      REPORTING_ALERT_ESCALATE_MINUTES: '30',
    }),
  );

  const evaluate = (iso: string) => reporting.app.get(AlertsService).evaluate(new Date(iso));
  const orders = async (campaign: string, count: number, hour: string) => {
    const events: TestEvent[] = Array.from({ length: count }, (_, i) =>
      placed(`cus-${randomUUID()}`, `o-${randomUUID()}`, 1_000, {
        campaignId: campaign,
        at: `${hour}:${String(i).padStart(2, '0')}:00Z`,
      }),
    );
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
  };

  it('a threshold rule raises once per breached window, publishes alert.raised, keeps its cool-down, and is acknowledged', async () => {
    const campaign = `c-${randomUUID()}`;
    const created = await reporting.post<{ id: string }>('/v1/alerts/rules', {
      kind: 'threshold',
      name: 'Flash sale overload',
      metric: 'orders',
      campaignId: campaign,
      comparator: 'above',
      threshold: 2,
      cooldownMinutes: 150,
      severity: 'critical',
    });
    expect(created.status).toBe(201);
    await orders(campaign, 3, '2026-09-01T10');
    await orders(campaign, 2, '2026-09-01T11');
    await orders(campaign, 5, '2026-09-01T12');

    const first = await evaluate('2026-09-01T11:00:30Z');
    expect(first.map((a) => [a.ruleId, a.value])).toEqual([[created.body.id, 3]]);
    const message = await waitForMessage<AlertRaised>(
      reporting.topics.alerts,
      ({ value }) => value.payload.alertId === first[0].id,
    );
    expect(message.value.type).toBe('alert.raised');
    expect(message.value.payload).toMatchObject({
      severity: 'critical',
      value: 3,
      campaignId: campaign,
      rule: 'Flash sale overload',
    });

    // The same window again raises nothing; 11:00 (2 orders) is no breach; 12:00 (5) is within the 150-minute cool-down.
    expect(await evaluate('2026-09-01T11:20:00Z')).toEqual([]);
    expect(await evaluate('2026-09-01T12:00:30Z')).toEqual([]);
    expect(await evaluate('2026-09-01T13:00:30Z')).toEqual([]);

    const open = await reporting.get<Alert[]>('/v1/alerts?status=open');
    expect(open.body.filter((a) => a.ruleId === created.body.id)).toHaveLength(1);
    const ack = await reporting.post<Alert>(`/v1/alerts/${first[0].id}/acknowledge`, {
      actor: 'ops:li.wei',
    });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedBy).toBe('ops:li.wei');
    const after = await reporting.get<Alert[]>('/v1/alerts?status=open');
    expect(after.body.some((a) => a.id === first[0].id)).toBe(false);
  });

  it('an anomaly rule fires outside the band of the same hour on earlier days', async () => {
    const campaign = `c-${randomUUID()}`;
    const created = await reporting.post<{ id: string }>('/v1/alerts/rules', {
      kind: 'anomaly',
      name: 'Orders spike',
      metric: 'orders',
      campaignId: campaign,
      bandWidth: 2,
      historyWindows: 4,
    });
    // 09:00 on four earlier days: 2, 3, 2, 3 orders (mean 2.5, sd 0.577, band 1.35..3.65).
    for (const [day, count] of [
      ['2026-09-11', 2],
      ['2026-09-12', 3],
      ['2026-09-13', 2],
      ['2026-09-14', 3],
    ] as const) {
      await orders(campaign, count, `${day}T09`);
    }
    await orders(campaign, 3, '2026-09-15T09');
    expect(
      (await evaluate('2026-09-15T10:00:30Z')).filter((a) => a.ruleId === created.body.id),
    ).toEqual([]);
    await orders(campaign, 9, '2026-09-16T09');
    const raised = (await evaluate('2026-09-16T10:00:30Z')).filter(
      (a) => a.ruleId === created.body.id,
    );
    expect(raised.map((a) => a.value)).toEqual([9]);
    expect(raised[0].message).toMatch(/outside its usual band/);
  });

  it('an alert left unacknowledged is escalated once, as critical', async () => {
    const campaign = `c-${randomUUID()}`;
    await reporting.post('/v1/alerts/rules', {
      kind: 'threshold',
      name: 'Refund storm',
      metric: 'orders',
      campaignId: campaign,
      comparator: 'above',
      threshold: 0,
      severity: 'info',
    });
    await orders(campaign, 1, '2026-09-20T08');
    const [alert] = await evaluate('2026-09-20T09:00:30Z');
    const service = reporting.app.get(AlertsService);
    expect(
      (await service.escalate(new Date('2026-09-20T09:20:00Z'))).map((a) => a.id),
    ).not.toContain(alert.id);
    expect((await service.escalate(new Date('2026-09-20T09:40:00Z'))).map((a) => a.id)).toContain(
      alert.id,
    );
    expect(
      (await service.escalate(new Date('2026-09-20T10:40:00Z'))).map((a) => a.id),
    ).not.toContain(alert.id);
    const escalated = await waitForMessage<AlertRaised>(
      reporting.topics.alerts,
      ({ value }) => value.eventId === `${alert.id}-escalated`,
    );
    expect(escalated.value.payload.severity).toBe('critical');
  });

  it.each([
    [
      'no comparator on a threshold rule',
      { kind: 'threshold', name: 'x', metric: 'orders', threshold: 1 },
    ],
    [
      'an unknown metric',
      { kind: 'threshold', name: 'x', metric: 'vibes', comparator: 'above', threshold: 1 },
    ],
    ['an unknown kind', { kind: 'forecast', name: 'x', metric: 'orders' }],
    ['a band of 100 sd', { kind: 'anomaly', name: 'x', metric: 'orders', bandWidth: 100 }],
  ])('%s is invalid_request and creates nothing', async (_, body) => {
    const before = (await reporting.get<unknown[]>('/v1/alerts/rules')).body.length;
    const { status } = await reporting.post<{ code: string }>('/v1/alerts/rules', body);
    expect(status).toBe(400);
    expect((await reporting.get<unknown[]>('/v1/alerts/rules')).body).toHaveLength(before);
  });

  it('acknowledging an unknown alert is 404; disabling an unknown rule is 404', async () => {
    const ack = await reporting.post<{ code: string }>(
      `/v1/alerts/alert_${randomUUID()}/acknowledge`,
      { actor: 'ops' },
    );
    expect([ack.status, ack.body.code]).toEqual([404, 'alert_not_found']);
    const response = await reporting.app.inject({
      method: 'DELETE',
      url: `/v1/alerts/rules/rule_${randomUUID()}`,
      headers: { authorization: 'Bearer test-reporting-admin-token-0123456789' },
    });
    expect(response.statusCode).toBe(404);
  });
});
