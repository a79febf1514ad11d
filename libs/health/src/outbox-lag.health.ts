import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { HEALTH_SETTINGS, type HealthSettings } from './health-settings';
import { describeFailure, withProbeTimeout } from './probe-timeout';
import { OutboxLagProbe } from './readiness-probes';

/**
 * Ready while the outbox relay keeps up. A replica whose events pile up stops taking traffic,
 * which stops it from adding more until the relay catches up.
 */
@Injectable()
export class OutboxLagHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly probe: OutboxLagProbe,
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const { maxOutboxLagRows: maxRows, maxOutboxLagMs: maxAgeMs } = this.settings;
    try {
      const lag = await withProbeTimeout(this.probe.outboxLag(), this.settings.probeTimeoutMs);
      const details = { rows: lag.rows, oldestAgeMs: lag.oldestAgeMs, maxRows, maxAgeMs };
      if (lag.rows > maxRows)
        return indicator.down({
          ...details,
          reason: `${lag.rows} unpublished rows, more than ${maxRows}`,
        });
      if (lag.oldestAgeMs > maxAgeMs) {
        return indicator.down({
          ...details,
          reason: `oldest unpublished row is ${lag.oldestAgeMs}ms old, more than ${maxAgeMs}ms`,
        });
      }
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ reason: describeFailure(error), maxRows, maxAgeMs });
    }
  }
}
