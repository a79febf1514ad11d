import { IngestHttpError } from './ingest-http-error';

/** 415 unless the body was declared as JSON (charset parameters allowed). */
export function requireJson(contentType: string | undefined): void {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new IngestHttpError(
      415,
      'unsupported_media_type',
      `expected Content-Type: application/json, got ${contentType === undefined ? 'none' : JSON.stringify(contentType)}`,
    );
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The array under `field` of a JSON object body, within the batch limit. */
export function batchOf(body: unknown, field: string, maxEvents: number): unknown[] {
  const items = isObject(body) ? body[field] : undefined;
  if (!Array.isArray(items)) {
    throw new IngestHttpError(
      400,
      'invalid_batch',
      `expected a JSON object { "${field}": [ ... ] }`,
    );
  }
  if (items.length === 0)
    throw new IngestHttpError(400, 'invalid_batch', `"${field}" is empty: send at least one event`);
  if (items.length > maxEvents) {
    throw new IngestHttpError(
      413,
      'payload_too_large',
      `${items.length} events in one request; the limit is ${maxEvents}: split the batch`,
    );
  }
  return items;
}
