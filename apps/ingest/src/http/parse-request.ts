import type { z } from 'zod';
import { IngestHttpError } from './ingest-http-error';

/** Parses a request body or query with zod; problems answer 400 with every path named. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new IngestHttpError(400, 'invalid_request', message);
}
