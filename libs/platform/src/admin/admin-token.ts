import type { ServiceDescriptor } from '../service-config';

/** Injection token for the service's admin token (a string), provided with SERVICE_CONFIG. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** Named after the service's schema like its other settings: INGEST_ADMIN_TOKEN, IDENTITY_ADMIN_TOKEN. */
export const adminTokenVariable = (service: ServiceDescriptor): string =>
  `${service.schema.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_ADMIN_TOKEN`;

/**
 * What `npm start` and tests use when the variable is unset, e.g. `dev-identity-admin-token`;
 * refused when NODE_ENV=production (the setting is required there).
 */
export const developmentAdminToken = (service: ServiceDescriptor): string =>
  `dev-${service.schema}-admin-token`;
