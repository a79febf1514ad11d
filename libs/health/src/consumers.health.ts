import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ConsumerReadinessProbe } from './readiness-probes';

/**
 * Ready while every consumer that gates readiness is joining its group or consuming. The status
 * of each consumer, gating or not, is listed under `groups`, and why one is not running under
 * `errors`.
 */
@Injectable()
export class ConsumersHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly probe: ConsumerReadinessProbe,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const consumers = await this.probe.consumers();
    const groups = Object.fromEntries(consumers.map((c) => [c.name, c.status]));
    const failing = consumers.filter((c) => c.error !== undefined);
    const errors = failing.length
      ? { errors: Object.fromEntries(failing.map((c) => [c.name, c.error])) }
      : {};
    const outside = consumers.filter((c) => c.gatesReadiness && !c.ready).map((c) => c.name);
    return outside.length === 0
      ? indicator.up({ groups, ...errors })
      : indicator.down({
          groups,
          ...errors,
          reason: `not in their consumer group: ${outside.join(', ')}`,
        });
  }
}
