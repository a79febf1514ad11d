const DAY_MS = 86_400_000;

/** Reads reporting's order count over a span of days through `GET /v1/kpis`, as a dashboard does. */
export class KpiOrderReader {
  private readonly url: string;

  constructor(
    reportingUrl: string,
    private readonly adminToken: string,
    span: { readonly fromDate: string; readonly days: number },
  ) {
    const from = `${span.fromDate}T00:00:00Z`;
    const to = new Date(Date.parse(from) + span.days * DAY_MS).toISOString();
    const query = new URLSearchParams({ metrics: 'orders', interval: 'day', from, to });
    this.url = `${reportingUrl}/v1/kpis?${query.toString()}`;
  }

  /** Orders reporting counts in the span now. */
  async orders(): Promise<number> {
    const response = await fetch(this.url, {
      headers: { authorization: `Bearer ${this.adminToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
      throw new Error(`GET /v1/kpis answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { rows: { metrics: { orders?: number | null } }[] };
    return body.rows.reduce((sum, row) => sum + (row.metrics.orders ?? 0), 0);
  }

  /** Waits until the count holds still for `quietMs` (an earlier backlog applied); the count then. */
  async settled(quietMs: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.orders();
    let since = Date.now();
    while (Date.now() - since < quietMs) {
      if (Date.now() > deadline)
        throw new Error(`reporting's order count still moved after ${timeoutMs / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await this.orders();
      if (now !== last) {
        last = now;
        since = Date.now();
      }
    }
    return last;
  }
}
