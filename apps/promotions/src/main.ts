import './tracing';
import { runService } from '@omni/platform';
import { AppModule } from './app.module';
import { promotionsConfig } from './config/promotions-config';
import { service } from './service';

void runService({ service, config: promotionsConfig, module: AppModule });
