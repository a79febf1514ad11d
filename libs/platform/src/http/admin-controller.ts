import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ErrorBodyDto } from '../errors/error-body.dto';

/**
 * HTTP statuses an endpoint may answer with the `{ code, message, details? }` error body (308:
 * the resource moved, Location says where and the body why).
 */
export type ErrorStatus =
  308 | 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

/**
 * Documents an endpoint's (or every endpoint's of a controller) error answers in OpenAPI, each
 * with the error body and what it means: `@ApiErrors({ 404: 'customer_not_found' })`.
 */
export function ApiErrors(
  answers: Partial<Record<ErrorStatus, string>>,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(answers).map(([status, description]) =>
      ApiResponse({ status: Number(status), type: ErrorBodyDto, description }),
    ),
  );
}

/**
 * A controller of admin endpoints under `path`: guarded by the admin token, grouped under
 * `tag` in OpenAPI, documented as bearer-authenticated with its 401 `invalid_admin_token`.
 * `errors` adds error answers every endpoint of it shares.
 */
export function AdminController(
  path: string,
  tag: string,
  errors: Partial<Record<ErrorStatus, string>> = {},
): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiErrors({ 401: 'invalid_admin_token', ...errors }),
    UseGuards(AdminTokenGuard),
    Controller(path),
  );
}
