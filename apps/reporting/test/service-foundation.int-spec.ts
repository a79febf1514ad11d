import { describeServiceFoundation } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

describeServiceFoundation({
  service,
  module: AppModule,
  migrations,
  entry: 'apps/reporting/src/main.ts',
});
