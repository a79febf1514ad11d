/** Who this service is: its name, the Postgres schema it owns and its default HTTP port. */
export const service = {
  name: 'reporting',
  schema: 'reporting',
  port: 3006,
  description: 'KPIs, funnels, attribution and alerts per channel.',
} as const;
