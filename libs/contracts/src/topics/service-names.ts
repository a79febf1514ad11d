/** The Omni services, each a NestJS app in apps/ with its own schema and dead-letter topic. */
export const SERVICE_NAMES = [
  'ingest',
  'identity-resolution',
  'pricing',
  'promotions',
  'crm',
  'reporting',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];
