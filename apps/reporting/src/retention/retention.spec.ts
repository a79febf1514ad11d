import { cohortsOf, periodsBetween, periodStart } from './retention';

const d = (iso: string) => new Date(iso);

describe('retention periods', () => {
  it('weeks start on Monday (UTC) and months on the 1st', () => {
    expect(periodStart(d('2026-03-04T10:00:00Z'), 'week')).toEqual(d('2026-03-02T00:00:00Z'));
    expect(periodStart(d('2026-03-08T23:59:59Z'), 'week')).toEqual(d('2026-03-02T00:00:00Z'));
    expect(periodStart(d('2026-03-09T00:00:00Z'), 'week')).toEqual(d('2026-03-09T00:00:00Z'));
    expect(periodStart(d('2026-03-31T23:00:00Z'), 'month')).toEqual(d('2026-03-01T00:00:00Z'));
  });

  it('counts whole periods between the periods of two times', () => {
    expect(periodsBetween(d('2026-03-08T23:00:00Z'), d('2026-03-09T01:00:00Z'), 'week')).toBe(1);
    expect(periodsBetween(d('2026-01-31T00:00:00Z'), d('2026-03-01T00:00:00Z'), 'month')).toBe(2);
  });
});

describe('cohorts', () => {
  // Hand-worked: three first orders in the week of 2 March, one in the week of 9 March.
  const customers = [
    // came back 3 days later (same week) and 10 days later (next week)
    {
      firstAt: d('2026-03-02T10:00:00Z'),
      returns: [d('2026-03-05T10:00:00Z'), d('2026-03-12T10:00:00Z')],
    },
    // came back 20 days later (week 3)
    { firstAt: d('2026-03-03T10:00:00Z'), returns: [d('2026-03-23T10:00:00Z')] },
    // never came back
    { firstAt: d('2026-03-04T10:00:00Z'), returns: [] },
    // came back 40 days later
    { firstAt: d('2026-03-10T10:00:00Z'), returns: [d('2026-04-19T10:00:00Z')] },
  ];

  it('count distinct returning customers per later week, and repurchase within 7 and 30 days', () => {
    expect(cohortsOf(customers, 'week', 4)).toEqual([
      {
        cohortStart: d('2026-03-02T00:00:00Z'),
        size: 3,
        returned: [1, 1, 0, 1],
        within7Days: 1,
        within30Days: 2,
      },
      {
        cohortStart: d('2026-03-09T00:00:00Z'),
        size: 1,
        returned: [0, 0, 0, 0],
        within7Days: 0,
        within30Days: 0,
      },
    ]);
  });

  it('by month, everyone of March is one cohort', () => {
    const [march] = cohortsOf(customers, 'month', 3);
    // Two came back in March (the 5th and 23rd), one in April (the 19th).
    expect(march).toMatchObject({ size: 4, returned: [2, 1, 0] });
  });
});
