import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { NegativeReviewsRule } from './negative-reviews-rule';

/** Negative reviews are a KPI (facts); this keeps the built-in anomaly rule that watches them. */
@Module({
  imports: [AlertsModule],
  providers: [NegativeReviewsRule],
})
export class ReviewAlertsModule {}
