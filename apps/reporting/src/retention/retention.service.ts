import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { ReportingConfig } from '../config/reporting-config';
import type { RetentionAnswerDto, RetentionQuery } from './dto/retention.dto';
import { cohortsOf } from './retention';
import { RetentionRepository } from './retention.repository';

const ENTRY_TYPES = {
  'first-order': ['order.placed'],
  'sign-up': ['customer.identified'],
} as const;
const PERIOD_DAYS = { week: 7, month: 31 } as const;

/** Retention cohorts computed at query time over stored events of resolved customers. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly retention: RetentionRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async query(query: RetentionQuery): Promise<RetentionAnswerDto> {
    const to = new Date(query.to);
    const scope = {
      entryTypes: ENTRY_TYPES[query.cohort],
      returnTypes: query.returnOn,
      from: new Date(query.from),
      to,
      until: new Date(to.getTime() + (query.periods + 1) * PERIOD_DAYS[query.period] * 86_400_000),
    };
    const entrants = await this.retention.countEntrants(scope);
    if (entrants > this.config.funnels.maxCustomers) {
      throw new ApiError(
        400,
        'range_too_large',
        `the range holds ${entrants} customers; at most ${this.config.funnels.maxCustomers} (REPORTING_FUNNEL_MAX_CUSTOMERS)`,
      );
    }
    const cohorts = cohortsOf(await this.retention.returns(scope), query.period, query.periods);
    return {
      cohort: query.cohort,
      period: query.period,
      returnOn: query.returnOn,
      cohorts: cohorts.map((cohort) => ({
        ...cohort,
        cohortStart: cohort.cohortStart.toISOString(),
        rates: cohort.returned.map((n) => n / cohort.size),
      })),
    };
  }
}
