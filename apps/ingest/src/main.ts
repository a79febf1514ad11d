import './tracing';
import { runService } from '@omni/platform';
import { AppModule } from './app.module';
import { ingestConfig } from './config/ingest-config';
import { service } from './service';

void runService({ service, config: ingestConfig, module: AppModule });
