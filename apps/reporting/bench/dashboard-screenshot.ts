// The README's screenshot of the filled dashboard, taken with the Chromium of the browser test.
// Needs Kafka and Postgres (npm run infra:up). Run by hand:
//   node -r ./tools/ts-register.cjs apps/reporting/bench/dashboard-screenshot.ts
// Writes docs/images/dashboard.png.
import path from 'node:path';
import { dashboardSession, DEMO_PATH } from './dashboard-session';

const root = path.resolve(__dirname, '../../..');
const output = path.join(root, 'docs/images/dashboard.png');

async function main(): Promise<void> {
  const session = await dashboardSession();
  try {
    // The charts and the top of the tables: the KPI table alone is a row per channel and day.
    const page = await session.signedInPage({ width: 1440, height: 1800 });
    await page.goto(`${session.base}${DEMO_PATH}`);
    await page.waitForFunction(() => document.body.dataset['pageRendered'] === 'true');
    // The charts as ECharts draws them, once it has replaced reporting's first drawings.
    await page.waitForFunction(() => document.body.dataset['chartsInteractive'] === 'true');
    await page.screenshot({ path: output });
    process.stdout.write(`wrote ${path.relative(root, output)}\n`);
  } finally {
    await session.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
