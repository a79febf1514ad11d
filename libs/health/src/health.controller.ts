import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsumersHealthIndicator } from './consumers.health';
import { HEALTH_SETTINGS, type HealthSettings } from './health-settings';
import { KafkaHealthIndicator } from './kafka.health';
import { OutboxLagHealthIndicator } from './outbox-lag.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly outbox: OutboxLagHealthIndicator,
    private readonly consumers: ConsumersHealthIndicator,
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness: the process is up and its event loop answers',
    description:
      'Touches no dependency, so a database or broker outage never gets the pod restarted.',
  })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: Postgres answers, Kafka is connected, the outbox keeps up and the consumers the service needs are in their group',
    description:
      'Returns 503 with every failing component under `error` (`database`, `kafka`, `outbox`, `consumers`) ' +
      'when any is down. Outbox thresholds come from HEALTH_OUTBOX_MAX_LAG_ROWS and HEALTH_OUTBOX_MAX_LAG_MS. ' +
      'A consumer counts while it is joining its group or consuming; `consumers.groups` lists each one.',
  })
  ready(): Promise<HealthCheckResult> {
    const timeout = this.settings.probeTimeoutMs;
    return this.health.check([
      () => this.database.pingCheck('database', { timeout }),
      () => this.kafka.check('kafka'),
      () => this.outbox.check('outbox'),
      () => this.consumers.check('consumers'),
    ]);
  }
}
