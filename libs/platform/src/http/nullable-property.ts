import { ApiProperty } from '@nestjs/swagger';

type Scalar = StringConstructor | NumberConstructor | BooleanConstructor | DateConstructor;

/**
 * Documents a DTO property that holds a scalar or null: `@NullableProperty(String) sku!: string |
 * null`; `{ required: false }` for one an answer may leave out.
 */
export const NullableProperty = (
  type: Scalar,
  options: { required?: boolean; description?: string } = {},
): PropertyDecorator => ApiProperty({ type, nullable: true, ...options });
