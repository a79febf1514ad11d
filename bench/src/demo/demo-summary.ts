import type { Channel } from '@omni/contracts';
import type { DashboardSeen } from './demo-dashboard';

export type ChannelCounts = {
  readonly channel: Channel;
  readonly simulated: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
};

export type IdentitySeen =
  | {
      readonly available: true;
      readonly identified: number;
      readonly profiles: number;
      readonly merges: number;
      readonly resolved: number;
      readonly pending: number;
    }
  | { readonly available: false; readonly reason: string };

export type DemoSummary = {
  readonly from: string;
  readonly date: string;
  readonly seconds: number;
  readonly channels: readonly ChannelCounts[];
  readonly identity: IdentitySeen;
  readonly dashboard: DashboardSeen;
  readonly truth: {
    readonly activePeople: number;
    readonly identifiablePeople: number;
    readonly orders: number;
  };
};

/** What Omni saw, as the demo prints it at the end, and where the dashboard is. */
export function formatDemoSummary(summary: DemoSummary): string {
  const rows = summary.channels.filter(
    (c) => c.simulated + c.accepted + c.duplicates + c.rejected > 0,
  );
  const width = Math.max(7, ...rows.map((r) => r.channel.length));
  const total = (pick: (c: ChannelCounts) => number) =>
    rows.reduce((sum, row) => sum + pick(row), 0);
  const line = (
    name: string,
    simulated: number | string,
    accepted: number | string,
    duplicates: number | string,
    rejected: number | string,
  ) =>
    `  ${name.padEnd(width)}  ${String(simulated).padStart(9)}  ${String(accepted).padStart(8)}  ${String(duplicates).padStart(10)}  ${String(rejected).padStart(8)}`;
  const identity = summary.identity.available
    ? [
        `  identified customers: ${summary.identity.identified} (profiles of events that carried a phone, email, WeChat unionId, member id or loyalty card)`,
        `  profiles in all: ${summary.identity.profiles} (including anonymous devices and browsers not yet linked to a person)`,
        `  merges: ${summary.identity.merges} (events that joined two profiles into one)`,
        `  events resolved: ${summary.identity.resolved}${summary.identity.pending > 0 ? `, still in flight: ${summary.identity.pending}` : ''}`,
      ]
    : [`  identity-resolution not available: ${summary.identity.reason}`];
  const dashboard = summary.dashboard.available
    ? [
        `  orders reporting holds for these days (earlier runs included): ${summary.dashboard.orders}; alerts raised: ${summary.dashboard.alerts}; channel decisions of the last week: ${summary.dashboard.decisions}`,
        `  rows per table: ${summary.dashboard.tables.map((t) => `${t.table} ${t.rows}`).join(', ')}`,
        `  open ${summary.dashboard.url}`,
        '  (admin token: REPORTING_ADMIN_TOKEN; `dev-reporting-admin-token` unless you set one)',
      ]
    : [`  reporting not available: ${summary.dashboard.reason}`];
  return [
    '',
    `What Omni saw of ${summary.from === summary.date ? summary.date : `${summary.from} to ${summary.date}`} (streamed in ${summary.seconds}s):`,
    '',
    'Events per channel (ingest, omni_ingest_events_total):',
    line('channel', 'simulated', 'accepted', 'duplicates', 'rejected'),
    ...rows.map((r) => line(r.channel, r.simulated, r.accepted, r.duplicates, r.rejected)),
    line(
      'total',
      total((r) => r.simulated),
      total((r) => r.accepted),
      total((r) => r.duplicates),
      total((r) => r.rejected),
    ),
    '',
    'Customers (identity-resolution):',
    ...identity,
    '',
    'Dashboard (reporting):',
    ...dashboard,
    '',
    `Ground truth of the streamed days: ${summary.truth.activePeople} shoppers active, ${summary.truth.identifiablePeople} of them identifiable from their events, ${summary.truth.orders} orders placed.`,
  ].join('\n');
}
