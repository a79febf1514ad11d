import './tracing';
import { runService } from '@omni/platform';
import { AppModule } from './app.module';
import { crmConfig } from './config/crm-config';
import { service } from './service';

void runService({ service, config: crmConfig, module: AppModule });
