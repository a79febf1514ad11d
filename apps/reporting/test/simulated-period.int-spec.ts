import { resolvedEventsOf, simulate } from '@omni/simulator';
import { eventually, useHarness } from '@omni/testing';
import { startReporting, type KpiAnswer } from './support/reporting-harness';

describe('KPIs of a simulated period against the simulator’s ground truth', () => {
  // The simulation's days are local to UTC+8 (its default offset): Asia/Shanghai.
  const simulation = simulate({ seed: 20, people: 150, startDate: '2026-02-01', days: 4 });

  const reporting = useHarness(startReporting);

  beforeAll(async () => {
    const messages = resolvedEventsOf(simulation.labelledEvents()).map(({ key, value }) => ({
      key,
      value: JSON.stringify(value),
    }));
    for (let i = 0; i < messages.length; i += 2_000) {
      await reporting.producer.send(reporting.topics.resolvedEvents, messages.slice(i, i + 2_000));
    }
    await eventually(
      async () =>
        (await reporting.count(`SELECT count(*) AS n FROM inbox`)) >= messages.length
          ? true
          : undefined,
      'every simulated event applied',
      120_000,
    );
  });

  it('orders, GMV, buyers, product views, cart adds and checkouts per channel and local day are exactly the truth', async () => {
    const truth = simulation.groundTruth().totals.byChannelDay;
    expect(truth.length).toBeGreaterThan(0);
    const { body } = await reporting.get<KpiAnswer>(
      '/v1/kpis?groupBy=channel&interval=day&tz=Asia/Shanghai&from=2026-01-31T00:00:00Z&to=2026-02-06T00:00:00Z' +
        '&metrics=orders,gmvGross,buyers,productViews,cartAdds,checkouts',
    );
    const localDate = (instant: string) =>
      new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
    const measured = new Map(
      body.rows.map((row) => [`${localDate(row.bucketStart)}|${row.channel}`, row.metrics]),
    );
    for (const day of truth) {
      const metrics = measured.get(`${day.date}|${day.channel}`) ?? {};
      expect([day.date, day.channel, metrics]).toEqual([
        day.date,
        day.channel,
        expect.objectContaining({
          orders: day.orders,
          gmvGross: day.gmv['CNY'] ?? 0,
          buyers: day.buyers,
          productViews: day.productViews,
          cartAdds: day.cartAdds,
          checkouts: day.checkouts,
        }),
      ]);
    }
    const ordered = truth.reduce((sum, day) => sum + day.orders, 0);
    expect(ordered).toBeGreaterThan(0);
    expect(body.rows.reduce((sum, row) => sum + (row.metrics['orders'] ?? 0), 0)).toBe(ordered);
  });

  it('metrics asked for without the customer-set ones answer the same rows and figures as when asked for with them', async () => {
    const counters = 'orders,gmvGross,gmvNet,aov,events,touches,ctr,spend,roas,csat';
    const span = 'from=2026-01-31T00:00:00Z&to=2026-02-06T00:00:00Z';
    for (const slice of [
      'interval=day',
      'interval=day&groupBy=channel,campaign',
      'interval=hour&groupBy=channel',
      'interval=day&tz=Asia/Shanghai&groupBy=campaign',
    ]) {
      const alone = await reporting.get<KpiAnswer>(`/v1/kpis?${slice}&${span}&metrics=${counters}`);
      const withPeople = await reporting.get<KpiAnswer>(
        `/v1/kpis?${slice}&${span}&metrics=${counters},visitors,buyers,newBuyers`,
      );
      const projected = withPeople.body.rows.map((row) => ({
        ...row,
        metrics: Object.fromEntries(
          counters.split(',').map((metric) => [metric, row.metrics[metric]]),
        ),
      }));
      expect(withPeople.body.rows.some((row) => (row.metrics['visitors'] ?? 0) > 0)).toBe(true);
      expect([slice, alone.body.rows]).toEqual([slice, projected]);
    }
  });
});
