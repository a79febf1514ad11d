/** Who this service is: its name, the Postgres schema it owns and its default HTTP port. */
export const service = {
  name: 'promotions',
  schema: 'promotions',
  port: 3004,
  description: 'Campaigns, coupons and a side-effect-free cart quote.',
} as const;
