import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { ReportingConfig } from '../config/reporting-config';
import { DEFAULT_FUNNEL } from './default-funnel';
import type { FunnelAnswerDto, FunnelQuery } from './dto/funnels.dto';
import { progressOf, stepCounts, stepPathsOf, type FunnelStep, type StepPaths } from './funnel';
import { FunnelsRepository, type FunnelScope } from './funnels.repository';
import { TimelineReader } from '../timelines/timeline-entries';
import { TimelinesRepository } from '../timelines/timelines.repository';

export type FunnelSource = 'events' | 'timelines';

const filtersPayloads = (steps: readonly FunnelStep[]) =>
  steps.some((step) => Object.keys(step.where ?? {}).length > 0);

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Funnels per resolved customer, computed at query time over customers' timelines (ADR 0019). */
@Injectable()
export class FunnelsService {
  constructor(
    private readonly funnels: FunnelsRepository,
    private readonly timelines: TimelinesRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  /** Over the timelines; over the stored events when a step filters on payload values. */
  async query(query: FunnelQuery): Promise<FunnelAnswerDto> {
    return this.answer(query, filtersPayloads(query.steps ?? []) ? 'events' : 'timelines');
  }

  /**
   * The answer from one source: `events` (every stored event, payloads too) or `timelines`
   * (packed per customer and month, no payloads: only for steps without `where`). Both read a
   * customer's events in the same order, so they answer alike.
   */
  async answer(query: FunnelQuery, source: FunnelSource): Promise<FunnelAnswerDto> {
    const steps: (FunnelStep & { name: string })[] = (query.steps ?? DEFAULT_FUNNEL).map(
      (step, i) => ({ ...step, name: step.name ?? `step ${i + 1}` }),
    );
    const withProperties = filtersPayloads(steps);
    if (withProperties && source === 'timelines')
      throw new Error('timelines hold no payloads: a funnel filtering on them reads events');
    const windowMinutes = query.windowMinutes ?? this.config.funnels.windowMinutes;
    const windowMs = windowMinutes * 60_000;
    const from = new Date(query.from);
    const to = new Date(query.to);
    const allTypes = [...new Set(steps.flatMap((step) => step.types))];
    const scope = {
      startTypes: query.mode === 'any-order' ? allTypes : steps[0].types,
      ...(query.mode === 'strict' ? {} : { types: allTypes }),
      from,
      to,
      until: new Date(to.getTime() + windowMs),
      withProperties,
    };
    const paths =
      source === 'events'
        ? await this.eventPaths(scope, steps)
        : await this.timelinePaths(scope, steps);
    const options = { mode: query.mode, windowMs, from, to };
    const progress = progressOf(paths, steps.length, options);
    const counts = stepCounts(progress, steps.length);
    const answer: FunnelAnswerDto = {
      mode: query.mode,
      windowMinutes,
      steps: steps.map((step, k) => ({
        name: step.name,
        types: [...step.types],
        customers: counts[k],
        conversionFromPrevious:
          k === 0 ? ratio(counts[0], counts[0]) : ratio(counts[k], counts[k - 1]),
        conversionFromFirst: ratio(counts[k], counts[0]),
      })),
    };
    if (query.breakdown !== undefined) {
      const groups = new Map<string, typeof progress>();
      for (const p of progress) {
        if (p.start === -1) continue;
        const value =
          query.breakdown === 'channel' ? paths.channelOf(p.start) : paths.campaignOf(p.start);
        let group = groups.get(value);
        if (group === undefined) {
          group = [];
          groups.set(value, group);
        }
        group.push(p);
      }
      answer.breakdown = [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([value, group]) => ({
          value: value === '' ? null : value,
          customers: stepCounts(group, steps.length),
        }));
    }
    return answer;
  }

  private async eventPaths(scope: FunnelScope, steps: readonly FunnelStep[]): Promise<StepPaths> {
    this.guard(await this.funnels.countStarters(scope));
    return stepPathsOf([...(await this.funnels.paths(scope)).values()], steps);
  }

  /** One read of the months in range; the guard counts starters before any path is decoded. */
  private async timelinePaths(
    scope: FunnelScope,
    steps: readonly FunnelStep[],
  ): Promise<StepPaths> {
    const from = scope.from.getTime();
    const until = scope.until.getTime();
    const { customers, terms } = await this.timelines.read(from, until);
    const reader = new TimelineReader(customers, terms, {
      startTypes: scope.startTypes,
      ...(scope.types === undefined ? {} : { types: scope.types }),
      from,
      to: scope.to.getTime(),
      until,
    });
    this.guard(reader.countStarters());
    return reader.paths(steps);
  }

  private guard(starters: number): void {
    if (starters > this.config.funnels.maxCustomers) {
      throw new ApiError(
        400,
        'range_too_large',
        `the range holds ${starters} customers; at most ${this.config.funnels.maxCustomers} (REPORTING_FUNNEL_MAX_CUSTOMERS)`,
      );
    }
  }
}
