/** Who this service is: its name, the Postgres schema it owns and its default HTTP port. */
export const service = {
  name: 'identity-resolution',
  schema: 'identity',
  port: 3002,
  description: 'Recognises one person across channels and devices.',
} as const;
