import {
  Counter,
  Gauge,
  register,
  type CounterConfiguration,
  type GaugeConfiguration,
} from 'prom-client';

// Metrics live in prom-client's default registry, which the service exposes on /metrics.
// Several consumers or relays in one process (and tests) share each metric by name.

export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  const existing = register.getSingleMetric(config.name);
  if (existing instanceof Counter) return existing as Counter<L>;
  return new Counter(config);
}

export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  const existing = register.getSingleMetric(config.name);
  if (existing instanceof Gauge) return existing as Gauge<L>;
  return new Gauge(config);
}
