import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';

/** A zod object whose keys are environment variable names. */
export type EnvShape = z.ZodRawShape;

const secretPattern = /(PASSWORD|SECRET|TOKEN|KEY)$/;

/**
 * Validates `env` against `schema` once, at start-up. Every problem is reported at once,
 * naming the variable and what was expected; secrets are never echoed back.
 */
export function parseEnv<S extends EnvShape>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(root)');
    const raw = env[variable];
    return {
      variable,
      expected: issue.message,
      received: raw === undefined ? undefined : secretPattern.test(variable) ? '***' : raw,
    };
  });
  throw new ConfigError(issues);
}

/** Helpers that turn env strings into typed values with messages a person can act on. */
export const env = {
  port: (fallback: number) =>
    z.coerce
      .number({ message: 'expected a TCP port number' })
      .int('expected a whole number')
      .min(1, 'expected a TCP port between 1 and 65535')
      .max(65535, 'expected a TCP port between 1 and 65535')
      .default(fallback),
  int: (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
    z.coerce
      .number({ message: 'expected a whole number' })
      .int('expected a whole number')
      .min(min, `expected at least ${min}`)
      .max(max, `expected at most ${max}`)
      .default(fallback),
  string: (fallback?: string) =>
    fallback === undefined
      ? z.string({ message: 'is required' }).min(1, 'is required')
      : z.string().min(1, 'must not be empty').default(fallback),
  url: (fallback?: string) => {
    const url = z
      .string({ message: 'is required' })
      .url('expected a URL, e.g. postgres://user@host:5432/db');
    return fallback === undefined ? url : url.default(fallback);
  },
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  list: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (items) => items.length > 0,
        'expected a comma-separated list with at least one item',
      ),
  hostPorts: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (items) => items.length > 0 && items.every((i) => /^[^\s:]+:\d{1,5}$/.test(i)),
        'expected a comma-separated list of host:port, e.g. 127.0.0.1:9092',
      ),
  oneOf: <T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
    z.enum(values, { message: `expected one of ${values.join(', ')}` }).default(fallback),
  /**
   * A setting holding JSON that `schema` checks. Unset or empty: `fallback`. The config table
   * shows the fallback as JSON, or nothing with `quietDefault` (a default too long for a table
   * cell, documented beside it instead). A parse error names an example.
   */
  json: <T extends z.ZodType>(
    schema: T,
    fallback: z.input<T>,
    options: { readonly example?: string; readonly quietDefault?: boolean } = {},
  ) =>
    z
      .string()
      .default(options.quietDefault ? '' : JSON.stringify(fallback))
      .transform((text, ctx): unknown => {
        if (text.trim() === '') return fallback;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({
            code: 'custom',
            message: `expected JSON, e.g. ${options.example ?? JSON.stringify(fallback)}`,
          });
          return z.NEVER;
        }
      })
      .pipe(schema),
};
