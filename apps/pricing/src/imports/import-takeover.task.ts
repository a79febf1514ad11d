import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask, SERVICE_CONFIG } from '@omni/platform';
import type { PricingConfig } from '../config/pricing-config';
import { ImportsService } from './imports.service';

/** Takes over, every half lease, the imports whose process stopped renewing their lease. */
@Injectable()
export class ImportTakeover extends PeriodicTask {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly imports: ImportsService,
  ) {
    super('ImportTakeover');
  }

  protected everyMs(): number {
    return Math.max(1, Math.floor(this.config.imports.leaseMs / 2));
  }

  protected async runOnce(): Promise<string | undefined> {
    await this.imports.takeOver();
    return undefined;
  }
}
