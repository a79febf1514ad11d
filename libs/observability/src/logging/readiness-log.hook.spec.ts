import { createLogger } from './create-logger';
import { logCapture } from './log-capture';
import { ReadinessLog } from './readiness-log.hook';

const down = (...components: string[]) => ({
  status: 'error',
  error: Object.fromEntries(components.map((c) => [c, { status: 'down' }])),
});

describe('ReadinessLog', () => {
  const { lines, destination } = logCapture();
  const logger = createLogger('crm', { destination, env: { LOG_LEVEL: 'trace' } });
  const summary = () => lines.map((line) => `${String(line.level)} ${String(line.msg)}`);

  beforeEach(() => {
    lines.length = 0;
    jest.useFakeTimers({ now: new Date('2025-06-01T00:00:00Z') });
  });
  afterEach(() => jest.useRealTimers());

  it('a probe every 5 s through a 3-minute outage logs its start, a reminder a minute and its end', () => {
    const readiness = new ReadinessLog(logger, 60_000);
    readiness.observe(200, { status: 'ok' });
    for (let t = 0; t < 180_000; t += 5_000) {
      readiness.observe(503, down('kafka'));
      jest.advanceTimersByTime(5_000);
    }
    readiness.observe(200, { status: 'ok' });
    expect(summary()).toEqual([
      'info ready',
      'error not ready: kafka',
      'error still not ready after 60 s: kafka',
      'error still not ready after 120 s: kafka',
      'info ready again after 180 s',
    ]);
    expect(lines[4]).toMatchObject({ failedProbes: 36 });
  });

  it('logs again at once when other components fail, and only warns while a service starts', () => {
    const readiness = new ReadinessLog(logger, 60_000);
    readiness.observe(503, down('kafka'));
    readiness.observe(503, down('kafka'));
    readiness.observe(503, down('outbox', 'kafka'));
    readiness.observe(503, { unexpected: true });
    expect(summary()).toEqual([
      'warn not ready: kafka',
      'error not ready: kafka, outbox',
      'error not ready: unknown',
    ]);
  });
});
