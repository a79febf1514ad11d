import { Injectable } from '@nestjs/common';
import type { DownstreamEventEnvelope } from '@omni/contracts';
import { HandlesEachEvent } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import type { ReportingConfig } from '../config/reporting-config';
import { breachMessage } from './price-breach-alert';

/** The built-in rule (see its migration) that pricing's breaches are raised under. */
export const PRICE_CONSISTENCY_RULE = 'pricing.consistency-breached';

/**
 * pricing's price.consistency-breached, raised as an alert (listed, acknowledgeable, published
 * as alert.raised) once per breach; price changes and withdrawals are not reported on.
 */
@Injectable()
export class PriceChangesHandler {
  constructor(private readonly alerts: AlertsService) {}

  @HandlesEachEvent<ReportingConfig>('priceChanges')
  async onPriceChange(event: DownstreamEventEnvelope, tx: EntityManager): Promise<void> {
    if (event.type !== 'price.consistency-breached') return;
    const breach = event.payload;
    const detectedAt = new Date(breach.detectedAt);
    await this.alerts.raiseSourced(
      tx,
      {
        ruleId: PRICE_CONSISTENCY_RULE,
        windowStart: detectedAt,
        windowEnd: detectedAt,
        metric: 'differenceBasisPoints',
        value: breach.differenceBasisPoints,
        threshold: breach.toleranceBasisPoints,
        lowerBound: null,
        upperBound: null,
        severity: 'warning',
        message: breachMessage(breach),
        raisedAt: new Date(event.occurredAt),
      },
      // One alert per breach, whichever event id carried it.
      `pricing:${breach.alertId}`,
    );
  }
}
