import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Asset = {
  body: Buffer;
  type: string;
  etag: string;
  cache: string;
  headers: Record<string, string>;
};

// The page runs only its own scripts and talks only to reporting; ECharts sets inline styles.
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's own files change with reporting: the browser asks again, and gets 304. */
const REVALIDATE = 'no-cache';
/** A file named by its content hash never changes under that name. */
const FOREVER = 'public, max-age=31536000, immutable';

const JS = 'text/javascript; charset=utf-8';
const hash = (body: Buffer) => createHash('sha256').update(body).digest('base64url').slice(0, 16);
const read = (file: string) => readFileSync(join(__dirname, 'page', file));

function asset(
  body: Buffer,
  type: string,
  cache: string,
  headers: Record<string, string> = {},
): Asset {
  return { body, type, etag: `"${hash(body)}"`, cache, headers };
}

/**
 * The page's files by the name under /dashboard/ that serves them ('index.html' for the page).
 * ECharts is the generated bundle (page/generated/echarts.js): index.html names it
 * /dashboard/echarts.js (for dashboard.js to load), replaced here by its hashed name; echarts.min.js, its name before,
 * still answers it.
 */
export function pageAssets(): Map<string, Asset> {
  const echarts = read('generated/echarts.js');
  const echartsFile = `echarts-${hash(echarts)}.js`;
  const html = read('index.html')
    .toString('utf8')
    .replace('/dashboard/echarts.js"', `/dashboard/${echartsFile}"`);
  return new Map([
    [
      'index.html',
      asset(Buffer.from(html), 'text/html; charset=utf-8', REVALIDATE, {
        'content-security-policy': PAGE_POLICY,
      }),
    ],
    ['data.js', asset(read('data.js'), JS, REVALIDATE)],
    ['dashboard.js', asset(read('dashboard.js'), JS, REVALIDATE)],
    ['charts.js', asset(read('charts.js'), JS, REVALIDATE)],
    ['labels.js', asset(read('labels.js'), JS, REVALIDATE)],
    ['dashboard.css', asset(read('dashboard.css'), 'text/css; charset=utf-8', REVALIDATE)],
    [echartsFile, asset(echarts, JS, FOREVER)],
    ['echarts.min.js', asset(echarts, JS, REVALIDATE)],
  ]);
}
