/** Who this service is: its name, the Postgres schema it owns and its default HTTP port. */
export const service = {
  name: 'ingest',
  schema: 'ingest',
  port: 3001,
  description:
    "Takes every channel's events in: validates, normalises, dedupes and publishes them.",
} as const;
