import { parsePrometheusText, sumBy } from './prometheus-text';

const text = `# HELP omni_ingest_events_total Events ingest answered
# TYPE omni_ingest_events_total counter
omni_ingest_events_total{connector="sim-tmall",source="http",outcome="accepted"} 120
omni_ingest_events_total{connector="sim-tmall",source="kafka",outcome="accepted"} 5
omni_ingest_events_total{connector="sim-jd",source="http",outcome="rejected"} 2
process_cpu_seconds_total 1.5
weird{label="a \\"quoted\\" value"} 3
`;

describe('Prometheus text parsing', () => {
  it('reads names, labels and values and skips comments', () => {
    const samples = parsePrometheusText(text);
    expect(samples).toHaveLength(5);
    expect(samples[0]).toEqual({
      name: 'omni_ingest_events_total',
      labels: { connector: 'sim-tmall', source: 'http', outcome: 'accepted' },
      value: 120,
    });
    expect(samples[3]).toEqual({ name: 'process_cpu_seconds_total', labels: {}, value: 1.5 });
    expect(samples[4].labels.label).toBe('a "quoted" value');
  });

  it('sums a counter by one label, optionally filtered by others', () => {
    const samples = parsePrometheusText(text);
    expect(sumBy(samples, 'omni_ingest_events_total', 'connector')).toEqual(
      new Map([
        ['sim-tmall', 125],
        ['sim-jd', 2],
      ]),
    );
    expect(
      sumBy(samples, 'omni_ingest_events_total', 'outcome', (l) => l.source === 'http'),
    ).toEqual(
      new Map([
        ['accepted', 120],
        ['rejected', 2],
      ]),
    );
  });
});
