import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask, SERVICE_CONFIG } from '@omni/platform';
import type { CrmConfig } from '../config/crm-config';
import { PointsService } from './points.service';

/** Writes off expired lots every CRM_POINTS_EXPIRY_INTERVAL_MS; replicas skip each other's lots. */
@Injectable()
export class PointsExpiryScheduler extends PeriodicTask {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CrmConfig,
    private readonly points: PointsService,
  ) {
    super('PointsExpiry');
  }

  protected everyMs(): number {
    return this.config.loyalty.points.expiryIntervalMs;
  }

  protected async runOnce(): Promise<string | undefined> {
    const { lots, points } = await this.points.expire(new Date());
    return lots > 0 ? `expired ${points} points in ${lots} lots` : undefined;
  }
}
