import { describeServiceFoundation } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { crmConfig } from '../src/config/crm-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

describeServiceFoundation({
  service,
  module: AppModule,
  config: crmConfig,
  migrations,
  entry: 'apps/crm/src/main.ts',
});
