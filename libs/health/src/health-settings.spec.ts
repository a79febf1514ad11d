import { ConfigError } from '@omni/config';
import { healthSettings } from './health-settings';

describe('healthSettings', () => {
  it('defaults to 10,000 rows and 60 s of outbox lag', () => {
    expect(healthSettings({}, {})).toEqual({
      maxOutboxLagRows: 10_000,
      maxOutboxLagMs: 60_000,
      probeTimeoutMs: 2_000,
    });
  });

  it("uses the app's thresholds, and the environment over both", () => {
    const thresholds = { outboxLagThresholdRows: 500, outboxLagThresholdMs: 5_000 };
    expect(healthSettings(thresholds, {})).toMatchObject({
      maxOutboxLagRows: 500,
      maxOutboxLagMs: 5_000,
    });
    expect(healthSettings(thresholds, { HEALTH_OUTBOX_MAX_LAG_ROWS: '20000' })).toMatchObject({
      maxOutboxLagRows: 20_000,
      maxOutboxLagMs: 5_000,
    });
  });

  it('rejects a malformed threshold naming the variable', () => {
    expect(() => healthSettings({}, { HEALTH_OUTBOX_MAX_LAG_MS: 'a minute' })).toThrow(ConfigError);
    expect(() => healthSettings({}, { HEALTH_OUTBOX_MAX_LAG_MS: 'a minute' })).toThrow(
      /HEALTH_OUTBOX_MAX_LAG_MS: expected a whole number/,
    );
    expect(() => healthSettings({}, { HEALTH_OUTBOX_MAX_LAG_ROWS: '0' })).toThrow(
      /HEALTH_OUTBOX_MAX_LAG_ROWS: expected at least 1/,
    );
  });
});
