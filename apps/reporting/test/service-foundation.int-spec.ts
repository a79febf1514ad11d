import { describeServiceFoundation } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { reportingConfig } from '../src/config/reporting-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

describeServiceFoundation({
  service,
  module: AppModule,
  config: reportingConfig,
  migrations,
  entry: 'apps/reporting/src/main.ts',
});
