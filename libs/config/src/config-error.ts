export type ConfigIssue = { variable: string; expected: string; received?: string };

/** Thrown at start-up when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      'Invalid configuration:\n' +
        issues
          .map(
            (i) =>
              `  ${i.variable}: ${i.expected}` +
              (i.received === undefined ? ' (it is not set)' : ` (got "${i.received}")`),
          )
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}
