import './tracing';
import { runService } from '@omni/platform';
import { AppModule } from './app.module';
import { service } from './service';

void runService(service, AppModule);
