import { describeServiceFoundation } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { pricingConfig } from '../src/config/pricing-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

describeServiceFoundation({
  service,
  module: AppModule,
  config: pricingConfig,
  migrations,
  entry: 'apps/pricing/src/main.ts',
});
