/** Who this service is: its name, the Postgres schema it owns and its default HTTP port. */
export const service = {
  name: 'pricing',
  schema: 'pricing',
  port: 3003,
  description:
    'Prices per SKU, channel, tier and currency with floors, ceilings and a fairness guard.',
} as const;
