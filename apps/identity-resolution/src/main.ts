import './runtime-flags';
import './tracing';
import { ConfigError } from '@omni/config';
import { runService } from '@omni/platform';
import { AppModule } from './app.module';
import { loadIdentityConfig } from './config/identity-config';
import { service } from './service';

// Identity settings are checked before anything connects, like the platform's own.
try {
  loadIdentityConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${service.name}: ${error.message}`);
  process.exit(1);
}
void runService(service, AppModule);
