import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/dashboard-browser';
import { seedDashboard, type SeedOptions } from '../test/support/dashboard-seed';
import { ADMIN_TOKEN, startReporting } from '../test/support/reporting-harness';

/** Three weeks, enough shoppers per channel that only jd's three are hidden at k = 5. */
export const DEMO_SEED: SeedOptions = {
  days: 21,
  customers: { web: 40, tmall: 30, douyin: 20, xiaohongshu: 16, jd: 3 },
};

/** The dashboard's address for the seeded weeks. */
export const DEMO_PATH = '/dashboard?from=2026-03-02&to=2026-03-22&lang=en';

/** A/B read-outs with a p-value at this sample, and Xiaohongshu decided on as a new channel. */
const DEMO_ENV = { REPORTING_AB_MIN_SAMPLE: '20', REPORTING_NEW_CHANNELS: 'xiaohongshu' };

/**
 * Reporting on its own schema and topics (real Kafka and Postgres), filled with the seed and
 * listening on a free port, and a headless Chromium whose pages already hold the admin token.
 */
export async function dashboardSession() {
  const reporting = await startReporting(DEMO_ENV);
  try {
    await seedDashboard(reporting, DEMO_SEED);
    await reporting.app.listen(0, '127.0.0.1');
  } catch (error) {
    await reporting.close();
    throw error;
  }
  const base = await reporting.app.getUrl();
  const browser: Browser = await launchChromium();
  return {
    base,
    browser,
    /** A fresh context (empty cache) signed in through sessionStorage. */
    async signedInPage(viewport = { width: 1440, height: 900 }) {
      const context = await browser.newContext({ viewport });
      await context.addInitScript((token) => {
        sessionStorage.setItem('omni.reporting.adminToken', token);
      }, ADMIN_TOKEN);
      return context.newPage();
    },
    async close() {
      await browser.close();
      await reporting.close();
    },
  };
}
