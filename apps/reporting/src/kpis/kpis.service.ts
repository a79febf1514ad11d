import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { ReportingConfig } from '../config/reporting-config';
import type { KpiAnswerDto, KpiQuery, KpiRowDto } from './dto/kpis.dto';
import {
  CUSTOMER_SET_METRICS,
  deriveMetrics,
  emptyBase,
  KPI_METRICS,
  type KpiBase,
  type KpiMetric,
} from './kpi-metrics';
import { KpisRepository, sliceKeyId, type KpiSlice, type SliceKey } from './kpis.repository';

const INTERVAL_MS = { hour: 3_600_000, day: 86_400_000 } as const;
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);

/** KPIs per time bucket (in the requested zone) and the requested dimensions. */
@Injectable()
export class KpisService {
  constructor(
    private readonly kpis: KpisRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  /** One metric over one window in UTC, all channels or one, all campaigns or one. */
  async value(
    metric: KpiMetric,
    interval: 'hour' | 'day',
    window: { start: Date; end: Date },
    filters: { channel: string | null; campaignId: string | null },
  ): Promise<number | null> {
    const answer = await this.query({
      metrics: [metric],
      interval,
      from: window.start.toISOString(),
      to: window.end.toISOString(),
      tz: 'UTC',
      ...(filters.channel === null ? {} : { channel: [filters.channel] }),
      ...(filters.campaignId === null ? {} : { campaign: [filters.campaignId] }),
    });
    const row = answer.rows[0];
    return row === undefined
      ? deriveMetrics(
          emptyBase(interval === 'day' ? 0 : null, this.costRate(filters.channel ?? undefined)),
          [metric],
        )[metric]
      : row.metrics[metric];
  }

  private costRate(channel: string | undefined): number {
    const rates = this.config.channels.costRates;
    return (channel === undefined ? undefined : rates[channel]) ?? rates['default'];
  }

  async query(query: KpiQuery): Promise<KpiAnswerDto> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    const buckets = Math.ceil((to.getTime() - from.getTime()) / INTERVAL_MS[query.interval]);
    if (buckets > this.config.kpis.maxBuckets) {
      throw new ApiError(
        400,
        'range_too_large',
        `from..to spans ${buckets} ${query.interval} buckets; at most ${this.config.kpis.maxBuckets} (REPORTING_KPI_MAX_BUCKETS)`,
      );
    }
    const metrics = query.metrics?.length ? query.metrics : [...KPI_METRICS];
    const groupBy = [...new Set(query.groupBy ?? [])];
    const slice: KpiSlice = {
      interval: query.interval,
      // UTC days are stored; any other zone's days are rolled up from UTC hours.
      grain: query.interval === 'day' && UTC_ZONES.has(query.tz) ? 'day' : 'hour',
      tz: query.tz,
      from,
      to,
      groupBy,
      ...(query.channel ? { channels: query.channel } : {}),
      ...(query.campaign
        ? { campaigns: query.campaign.map((id) => (id === 'none' ? '' : id)) }
        : {}),
    };
    const { currency } = this.config.kpis;
    const [counters, people, spend, freshness] = await Promise.all([
      this.kpis.counters(slice),
      // Every bucket with customers also has counters, so leaving them out drops no row.
      metrics.some((metric) => CUSTOMER_SET_METRICS.has(metric)) ? this.kpis.people(slice) : [],
      this.kpis.spend(slice, currency),
      this.kpis.freshness(this.config.topics.resolvedEvents),
    ]);
    const daily = query.interval === 'day';
    const rows = new Map<string, { key: SliceKey; base: KpiBase }>();
    const row = (key: SliceKey) => {
      const id = sliceKeyId(key);
      let found = rows.get(id);
      if (found === undefined) {
        found = { key, base: emptyBase(daily ? 0 : null, this.costRate(key.channel)) };
        rows.set(id, found);
      }
      return found.base;
    };
    for (const { key, values } of counters) Object.assign(row(key), values);
    for (const { key, ...counts } of people) Object.assign(row(key), counts);
    for (const { key, spend: cost } of spend) row(key).spend = cost;
    const answer: KpiRowDto[] = [...rows.values()]
      .sort((a, b) => (sliceKeyId(a.key) < sliceKeyId(b.key) ? -1 : 1))
      .map(({ key, base }) => ({
        bucketStart: key.bucket.toISOString(),
        ...(groupBy.includes('channel') ? { channel: key.channel } : {}),
        ...(groupBy.includes('campaign')
          ? { campaignId: key.campaignId === '' ? null : (key.campaignId ?? null) }
          : {}),
        metrics: deriveMetrics(base, metrics),
      }));
    return { currency, interval: query.interval, tz: query.tz, rows: answer, freshness };
  }
}
