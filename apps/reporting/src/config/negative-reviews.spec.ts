import { parseConfig } from '@omni/config';
import { reportingConfig } from './reporting-config';
import { negativeReviewsRule } from '../review-alerts/negative-reviews-rule';

const parse = (env: Record<string, string>) => parseConfig(reportingConfig, env);

describe('negative-review settings', () => {
  it('count ratings of 2 or less, with the built-in anomaly rule on at 3 standard deviations by default', () => {
    const { reviews } = parse({});
    expect(reviews).toEqual({
      negativeMaxRating: 2,
      defaultAnomalyRule: true,
      anomalyBandWidth: 3,
    });
    expect(negativeReviewsRule(reviews)).toMatchObject({
      kind: 'anomaly',
      metric: 'negativeReviews',
      interval: 'hour',
      bandWidth: 3,
      enabled: true,
    });
  });

  it('turn the rule off and change the rating and band', () => {
    const { reviews } = parse({
      REPORTING_NEGATIVE_REVIEW_ALERT: 'false',
      REPORTING_NEGATIVE_REVIEW_MAX_RATING: '1',
      REPORTING_NEGATIVE_REVIEW_ALERT_BAND: '2.5',
    });
    expect(negativeReviewsRule(reviews)).toMatchObject({ enabled: false, bandWidth: 2.5 });
    expect(reviews.negativeMaxRating).toBe(1);
  });

  it.each([
    ['REPORTING_NEGATIVE_REVIEW_MAX_RATING', '5'],
    ['REPORTING_NEGATIVE_REVIEW_MAX_RATING', '0'],
    ['REPORTING_NEGATIVE_REVIEW_ALERT', 'maybe'],
    ['REPORTING_NEGATIVE_REVIEW_ALERT_BAND', '0'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => parse({ [variable]: value })).toThrow(variable);
  });
});
