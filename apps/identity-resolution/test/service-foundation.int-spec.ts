import { describeServiceFoundation } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { identityConfig } from '../src/config/identity-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

describeServiceFoundation({
  service,
  module: AppModule,
  config: identityConfig,
  migrations,
  entry: 'apps/identity-resolution/src/main.ts',
});
