import { HttpException, HttpStatus } from '@nestjs/common';
import type { z } from 'zod';

/** Errors are JSON `{ code, message }`. */
export const apiError = (status: HttpStatus, code: string, message: string) =>
  new HttpException({ code, message }, status);

/** Parses a request body or query with zod, or answers 400 with every problem and its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw apiError(HttpStatus.BAD_REQUEST, 'invalid_request', message);
}
