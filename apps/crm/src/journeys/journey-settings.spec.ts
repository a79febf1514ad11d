import { ConfigError, parseConfig } from '@omni/config';
import { crmConfig } from '../config/crm-config';
import { DEFAULT_JOURNEYS } from './journey-definition';

const parse = (env: Record<string, string>) => parseConfig(crmConfig, env);

describe('journey settings', () => {
  it('unset, crm runs the built-in journeys with quiet hours 21:00-09:00 in Asia/Shanghai', () => {
    const { journeys } = parse({});
    expect(journeys.definitions.map((j) => j.id)).toEqual(DEFAULT_JOURNEYS.map((j) => j.id));
    expect(journeys.quietHours).toEqual({ startMinute: 21 * 60, endMinute: 9 * 60 });
    expect(journeys.timeZone).toBe('Asia/Shanghai');
  });

  it.each([
    ['CRM_JOURNEYS', 'not json'],
    ['CRM_JOURNEYS', '[{"id":"x"}]'],
    ['CRM_QUIET_HOURS', '9pm-9am'],
    ['CRM_TIME_ZONE', 'Mars/Olympus'],
    ['CRM_REPLENISHMENT_CYCLES', '{"SKU-1":0}'],
    ['CRM_LIFECYCLE', '{"newDays":1}'],
    ['CRM_CHURN_REASONS', '{"order":["bored"],"promotionShare":0.5,"dissatisfactionSignals":1}'],
  ])('a malformed %s stops start-up naming the variable', (variable, value) => {
    let thrown: unknown;
    try {
      parse({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(String((thrown as Error).message)).toContain(variable);
  });
});
