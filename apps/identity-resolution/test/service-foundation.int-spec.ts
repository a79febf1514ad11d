import { topicCatalog } from '@omni/contracts';
import { provisionTopics } from '@omni/messaging';
import { describeServiceFoundation, testInfra } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { identityConfig } from '../src/config/identity-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

// The resolution consumer subscribes to ingest.events.v1, which must exist (auto-create is off).
beforeAll(async () => {
  await provisionTopics({ brokers: testInfra().brokers, clientId: 'idr-foundation' }, [
    ...topicCatalog,
  ]);
});

describeServiceFoundation({
  service,
  module: AppModule,
  config: identityConfig,
  migrations,
  entry: 'apps/identity-resolution/src/main.ts',
});
