/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (or OMNI_CHROMIUM), headless, as the browser tests and scripts drive it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.OMNI_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
}

/** A table as the page shows it: the query it answers and each cell's figure. */
export type ShownTable = {
  query: string;
  rows: { cells: Record<string, string | null>; suppressed: string[] }[];
};

/** Reads one rendered table: `data-value` is the figure behind each formatted cell. */
export function shownTable(page: Page, table: string): Promise<ShownTable> {
  return page.$eval(`table[data-table="${table}"]`, (element) => ({
    query: (element as HTMLElement).dataset['query'] ?? '',
    rows: [...element.querySelectorAll('tr')]
      .filter((tr) => tr.querySelector('td[data-col]') !== null)
      .map((tr) => {
        const cells: Record<string, string | null> = {};
        const suppressed: string[] = [];
        for (const td of tr.querySelectorAll<HTMLElement>('td[data-col]')) {
          const column = td.dataset['col'] ?? '';
          cells[column] = td.dataset['value'] ?? null;
          if (td.dataset['suppressed'] === 'true') suppressed.push(column);
        }
        return { cells, suppressed };
      }),
  }));
}

/** The same table from the API, with each cell as the page writes it into data-value. */
export function asShown(body: {
  rows: { cells: Record<string, unknown>; suppressed: string[] }[];
}): ShownTable['rows'] {
  return body.rows.map((row) => ({
    cells: Object.fromEntries(
      Object.entries(row.cells).map(([column, value]) => [
        column,
        value === null ? null : String(value),
      ]),
    ),
    suppressed: row.suppressed,
  }));
}
