import { readFileSync } from 'node:fs';
import { buildEchartsBundle, ECHARTS_BUNDLE } from '../../scripts/echarts-bundle';

describe('the committed ECharts bundle of the dashboard', () => {
  // esbuild reads all of ECharts: under a second alone, over jest's 5 s default on a loaded machine.
  it('is what esbuild builds from echarts-parts.js with the ECharts installed (else run npx nx run reporting:echarts-bundle)', async () => {
    const built = Buffer.from(await buildEchartsBundle());
    const committed = readFileSync(ECHARTS_BUNDLE);
    expect(committed.length).toBe(built.length);
    expect(committed.equals(built)).toBe(true);
  }, 60_000);
});
