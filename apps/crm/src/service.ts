/** Who this service is: its name, the Postgres schema it owns and its default HTTP port. */
export const service = {
  name: 'crm',
  schema: 'crm',
  port: 3005,
  description: 'One membership: tiers, points, segments, consent and journeys.',
} as const;
