import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { DataSource } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { DEFAULT_FUNNEL } from './default-funnel';
import type { FunnelAnswerDto, FunnelQuery } from './dto/funnels.dto';
import { progressOf, stepCounts, type FunnelStep } from './funnel';
import { FunnelsRepository } from './funnels.repository';

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Funnels per resolved customer, computed at query time over stored events. */
@Injectable()
export class FunnelsService {
  constructor(
    private readonly funnels: FunnelsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async query(query: FunnelQuery): Promise<FunnelAnswerDto> {
    const steps: (FunnelStep & { name: string })[] = (query.steps ?? DEFAULT_FUNNEL).map(
      (step, i) => ({ ...step, name: step.name ?? `step ${i + 1}` }),
    );
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
      withProperties: steps.some((step) => Object.keys(step.where ?? {}).length > 0),
    };
    const manager = this.dataSource.manager;
    const starters = await this.funnels.countStarters(manager, scope);
    if (starters > this.config.funnels.maxCustomers) {
      throw new ApiError(
        400,
        'range_too_large',
        `the range holds ${starters} customers; at most ${this.config.funnels.maxCustomers} (REPORTING_FUNNEL_MAX_CUSTOMERS)`,
      );
    }
    const options = { mode: query.mode, windowMs, from, to };
    const progress = [...(await this.funnels.paths(manager, scope)).values()].map((events) =>
      progressOf(events, steps, options),
    );
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
        if (p.start === null) continue;
        const value = query.breakdown === 'channel' ? p.start.channel : p.start.campaignId;
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
}
