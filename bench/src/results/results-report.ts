import type { BenchResult, ScenarioResult } from '@omni/testing';
import { z } from 'zod';

/** The harness's own settings inside the shared result file's `settings`. */
export const harnessSettingsSchema = z.strictObject({
  runs: z.int().min(1),
  tiny: z.boolean(),
  seed: z.int().min(0),
  scenarios: z.array(z.string().min(1)),
});
export type HarnessSettings = z.infer<typeof harnessSettingsSchema>;

const format = (value: number | undefined): string => {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 1) return String(Math.round(value * 10) / 10);
  return String(Math.round(value * 1000) / 1000);
};

export type TableRow = {
  scenario: string;
  case: string;
  status: string;
  figures: string;
  ratio: string;
  busiest: string;
};

/** One row per scenario case: its headline medians, its ratios and the busiest processes. */
export function tableRows(result: BenchResult): TableRow[] {
  const rows: TableRow[] = [];
  for (const scenario of result.scenarios) {
    const ratio =
      scenario.comparisons
        .map((c) => `${c.metric} ×${format(c.ratio)} of ${c.baselineScenario}`)
        .join('; ') || '';
    if (scenario.cases.length === 0) {
      rows.push({
        scenario: `${scenario.id} ${scenario.title}`,
        case: '—',
        status: scenario.status,
        figures: scenario.reason ?? '',
        ratio: '',
        busiest: '',
      });
      continue;
    }
    for (const [index, scenarioCase] of scenario.cases.entries()) {
      rows.push({
        scenario: index === 0 ? `${scenario.id} ${scenario.title}` : '',
        case: scenarioCase.name,
        status: index === 0 ? scenario.status : '',
        figures: scenario.headline
          .map((name) => `${name} ${format(scenarioCase.medians[name])}`)
          .join(', '),
        ratio: index === 0 ? ratio : '',
        busiest: busiest(scenario, scenarioCase.name),
      });
    }
  }
  return rows;
}

/** The two processes with the most CPU in the median-throughput run, as `name cpu% rss`. */
function busiest(scenario: ScenarioResult, caseName: string): string {
  const scenarioCase = scenario.cases.find((c) => c.name === caseName);
  const run = scenarioCase?.runs[Math.floor((scenarioCase.runs.length - 1) / 2)];
  if (run === undefined) return '';
  return [...(run.processes ?? [])]
    .sort((a, b) => b.cpuPercent - a.cpuPercent)
    .slice(0, 2)
    .map((p) => `${p.name} ${format(p.cpuPercent)}% ${p.rssPeakMb}MB`)
    .join(', ');
}

const COLUMNS: (keyof TableRow)[] = ['scenario', 'case', 'status', 'figures', 'ratio', 'busiest'];
const HEADERS: Record<keyof TableRow, string> = {
  scenario: 'scenario',
  case: 'case',
  status: 'status',
  figures: 'medians',
  ratio: 'vs baseline',
  busiest: 'busiest processes (CPU, peak RSS)',
};

/** A plain-text table for the terminal. */
export function renderTable(result: BenchResult): string {
  const rows = tableRows(result);
  const widths = COLUMNS.map((column) =>
    Math.max(HEADERS[column].length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join(' │ ')
      .trimEnd();
  return [
    line(COLUMNS.map((c) => HEADERS[c])),
    widths.map((w) => '─'.repeat(w)).join('─┼─'),
    ...rows.map((row) => line(COLUMNS.map((c) => row[c]))),
  ].join('\n');
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/** The markdown summary written beside the JSON. */
export function renderMarkdown(result: BenchResult): string {
  const rows = tableRows(result);
  const settings = harnessSettingsSchema.parse(result.settings);
  const lines = [
    `# Omni benchmark ${result.startedAt}`,
    '',
    `git ${result.git.sha}${result.git.dirty ? ' (uncommitted changes)' : ''} · Node ${result.environment.node} · ${result.environment.cpus} CPUs · ${result.environment.memoryMb} MB · load ${result.environment.loadAverage.join(' ')} · ${settings.runs} runs per scenario${settings.tiny ? ' · tiny sizes' : ''} · seed ${settings.seed}`,
    '',
    'Figures are medians over the runs. Every process shares this machine with the load generator.',
    '',
    `| ${COLUMNS.map((c) => HEADERS[c]).join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${COLUMNS.map((c) => escapeCell(row[c])).join(' | ')} |`),
  ];
  const notes = result.scenarios.flatMap((s) => [
    ...(s.reason !== undefined && s.status !== 'ok' ? [`${s.id}: ${s.status}: ${s.reason}`] : []),
    ...s.notes.map((n) => `${s.id}: ${n}`),
  ]);
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
