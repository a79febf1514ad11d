/**
 * SQL of a timestamptz as JSON answers write instants: what `Date#toISOString` gives
 * (UTC, milliseconds, `Z`), so Postgres can assemble an answer the service sends as it is.
 */
export const isoText = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
