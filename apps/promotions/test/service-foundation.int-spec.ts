import { describeServiceFoundation } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { promotionsConfig } from '../src/config/promotions-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

describeServiceFoundation({
  service,
  module: AppModule,
  config: promotionsConfig,
  migrations,
  entry: 'apps/promotions/src/main.ts',
});
