import { createZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { ApiError } from '../errors/api-error';

export type RequestIssue = { path: string; message: string };

/**
 * A refused request as 400 `invalid_request`, each problem with the path of the field at fault
 * in the message and under `details.issues`; zod's own messages never quote the value received.
 */
export function invalidRequest(error: z.ZodError): ApiError {
  const issues: RequestIssue[] = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  return new ApiError(
    400,
    'invalid_request',
    issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    { details: { issues } },
  );
}

/**
 * Validates every `@Body()`, `@Query()` and `@Param()` typed with a `createZodDto` class against
 * its schema and hands on the parsed value. Parameters of any other type pass untouched, so an
 * endpoint that judges its body itself (event by event, say) keeps doing so.
 */
export const RequestValidationPipe = createZodValidationPipe({
  createValidationException: (error) =>
    error instanceof z.ZodError ? invalidRequest(error) : (error as Error),
});
