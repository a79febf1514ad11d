// An element that needs no quotes: no delimiter, quote, backslash, brace or white space.
const BARE = /^[^\s",\\{}]+$/;
const SPECIAL = /[\\"]/g;

/**
 * A Postgres text[] literal for `values`, to pass as one parameter (`$1::text[]`). node-pg
 * quotes and escapes every element of an array parameter with two regular expressions;
 * ids and hex hashes need neither, and the hot statements pass thousands of them per batch.
 */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    const value = values[i];
    if (value === null) literal += 'NULL';
    else if (BARE.test(value) && !(value.length === 4 && value.toUpperCase() === 'NULL'))
      literal += value;
    else literal += `"${value.replace(SPECIAL, '\\$&')}"`;
  }
  return `${literal}}`;
}

/** A Postgres literal for an array of numbers, bigint strings or booleans (`$1::bigint[]`). */
export function scalarArrayLiteral(
  values: readonly (number | bigint | string | boolean)[],
): string {
  return `{${values.join(',')}}`;
}
