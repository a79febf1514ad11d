export {
  ServicePlatformModule,
  SERVICE_CONFIG,
  type ServicePlatformOptions,
} from './service-platform.module';
export {
  loadServiceConfig,
  serviceEnv,
  type ServiceConfig,
  type ServiceDescriptor,
} from './service-config';
export { runService } from './run-service';
