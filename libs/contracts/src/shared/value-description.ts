const maxShownCharacters = 40;

/**
 * Describes a received value for an error message: short, and never a whole payload, so a
 * rejection stays readable and does not copy large or personal data into logs.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return value.length > maxShownCharacters
      ? `${JSON.stringify(value.slice(0, maxShownCharacters))}… (${value.length} characters)`
      : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
