import { describeServiceFoundation } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { ingestConfig } from '../src/config/ingest-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

describeServiceFoundation({
  service,
  module: AppModule,
  config: ingestConfig,
  migrations,
  entry: 'apps/ingest/src/main.ts',
});
