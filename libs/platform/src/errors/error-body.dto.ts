import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The error body in OpenAPI documents: `@ApiResponse({ status: 404, type: ErrorBodyDto })`. */
export class ErrorBodyDto {
  @ApiProperty({ example: 'invalid_request', description: 'Stable, machine-readable code.' })
  code!: string;

  @ApiProperty({ example: 'customerId: must not contain control characters' })
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { issues: [{ path: 'customerId', message: 'must not contain control characters' }] },
    description: 'More about the problem, e.g. every invalid field of a request under `issues`.',
  })
  details?: Record<string, unknown>;
}
