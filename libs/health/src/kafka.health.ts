import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { HEALTH_SETTINGS, type HealthSettings } from './health-settings';
import { describeFailure, withProbeTimeout } from './probe-timeout';
import { KafkaReadinessProbe } from './readiness-probes';

/** Ready while the service's Kafka producer and consumers are connected. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly probe: KafkaReadinessProbe,
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const ready = await withProbeTimeout(this.probe.kafkaReady(), this.settings.probeTimeoutMs);
      return ready
        ? indicator.up()
        : indicator.down({ reason: 'the Kafka clients are not connected' });
    } catch (error) {
      return indicator.down({ reason: describeFailure(error) });
    }
  }
}
