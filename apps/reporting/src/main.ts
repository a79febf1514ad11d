import './tracing';
import { runService } from '@omni/platform';
import { AppModule } from './app.module';
import { reportingConfig } from './config/reporting-config';
import { service } from './service';

void runService({ service, config: reportingConfig, module: AppModule });
