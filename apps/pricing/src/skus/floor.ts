/** Margins are kept in parts per million, so `cost / (1 − minMargin)` is exact integer math. */
export const MARGIN_SCALE = 1_000_000;

const marginText = /^0(?:\.(\d{1,6}))?$/;

/**
 * A margin on the selling price, from 0 up to (not including) 1, with at most six decimals, as
 * parts per million. Read from the decimal text (a JSON 0.35 prints as "0.35"), never multiplied
 * as a float.
 */
export function marginPpm(value: number | string): number | undefined {
  const match = marginText.exec(String(value));
  if (match === null) return undefined;
  return Number((match[1] ?? '').padEnd(6, '0'));
}

/** The lowest price that keeps `minMargin` of the selling price: ⌈cost / (1 − minMargin)⌉ minor units. */
export function floorOf(costMinor: number, minMarginPpm: number): number {
  const scale = BigInt(MARGIN_SCALE);
  const keep = scale - BigInt(minMarginPpm);
  return Number((BigInt(costMinor) * scale + keep - 1n) / keep);
}

/** The margin as the decimal text it was given in, e.g. 350000 → "0.35". */
export function marginDecimal(ppm: number): string {
  return ppm === 0 ? '0' : `0.${String(ppm).padStart(6, '0').replace(/0+$/, '')}`;
}
