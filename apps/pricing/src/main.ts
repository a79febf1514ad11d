import './tracing';
import { runService } from '@omni/platform';
import { AppModule } from './app.module';
import { pricingConfig } from './config/pricing-config';
import { service } from './service';

void runService({ service, config: pricingConfig, module: AppModule });
