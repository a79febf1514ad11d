import { z } from 'zod';
import { setting as declare, type SettingFlags, type SettingInfo } from './config-definition';
import { env } from './env-schema';

/** A topic as @omni/contracts declares it: its name is the default of the setting naming it. */
export type NamedTopic = { readonly name: string };

/**
 * The kinds of variable the services declare, one line each; their descriptions come from the
 * definition's descriptions table (see `described`).
 */
const kinds = {
  /** A whole number from `min` to `max`: a count, a size, an interval in ms. */
  int: (variable: string, fallback: number, min?: number, max?: number) =>
    declare(variable, env.int(fallback, min, max)),
  /** true or false (also 1 or 0). */
  flag: (variable: string, fallback: boolean) => declare(variable, env.bool(fallback)),
  /** A non-empty string; without a fallback the variable is required. */
  text: (variable: string, fallback?: string) => declare(variable, env.string(fallback)),
  /** A comma-separated list of at least one item. */
  list: (variable: string, fallback: string) => declare(variable, env.list(fallback)),
  /** One of `values`. */
  oneOf: <const T extends readonly [string, ...string[]]>(
    variable: string,
    values: T,
    fallback: T[number],
  ) => declare(variable, env.oneOf(values, fallback)),
  /** JSON that `schema` checks; see `env.json` for the fallback and the config table. */
  json: <T extends z.ZodType>(
    variable: string,
    schema: T,
    fallback: z.input<T>,
    options?: Parameters<typeof env.json>[2],
  ) => declare(variable, env.json(schema, fallback, options)),
  /** The name of a topic, by default the name the contracts give it. */
  topic: (variable: string, topic: NamedTopic) => declare(variable, env.string(topic.name)),
};

/**
 * One environment variable: `setting(variable, schema, info?)` for any schema, or one of the
 * kinds below, e.g. `setting.int('CRM_BATCH_ATTEMPTS', 3, 1, 10)`.
 */
export const setting = Object.assign(
  <S extends z.ZodType>(variable: string, schema: S, info?: string | SettingInfo | SettingFlags) =>
    declare(variable, schema, info),
  kinds,
);
