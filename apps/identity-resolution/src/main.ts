import './tracing';
import { runService } from '@omni/platform';
import { AppModule } from './app.module';
import { identityConfig } from './config/identity-config';
import { service } from './service';

void runService({ service, config: identityConfig, module: AppModule });
