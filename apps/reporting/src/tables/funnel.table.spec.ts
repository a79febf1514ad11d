import type { FunnelAnswerDto } from '../funnels/dto/funnels.dto';
import { funnelRows } from './funnel.table';

const answer: FunnelAnswerDto = {
  mode: 'ordered',
  windowMinutes: 60,
  steps: ['awareness', 'interest', 'consideration'].map((name, i) => ({
    name,
    types: ['page.viewed'],
    customers: [20, 9, 6][i],
    conversionFromPrevious: null,
    conversionFromFirst: null,
  })),
  breakdown: [
    { value: 'spring', customers: [12, 3, 0] },
    { value: null, customers: [8, 6, 6] },
  ],
};

describe('the funnel table', () => {
  it('gives each step its customers and conversions', () => {
    expect(funnelRows(answer, undefined, 5).map((row) => row.cells)).toEqual([
      {
        step: 1,
        name: 'awareness',
        customers: 20,
        conversionFromPrevious: null,
        conversionFromFirst: 1,
      },
      {
        step: 2,
        name: 'interest',
        customers: 9,
        conversionFromPrevious: 0.45,
        conversionFromFirst: 0.45,
      },
      {
        step: 3,
        name: 'consideration',
        customers: 6,
        conversionFromPrevious: 6 / 9,
        conversionFromFirst: 0.3,
      },
    ]);
  });

  it('with a campaign, counts the customers whose attempt started on it, hiding the few', () => {
    const rows = funnelRows(answer, 'spring', 5);
    expect(rows.map((row) => [row.cells['customers'], row.suppressed])).toEqual([
      [12, []],
      [null, ['customers', 'conversionFromPrevious', 'conversionFromFirst']],
      [0, ['conversionFromPrevious']],
    ]);
  });

  it('a campaign nobody started on has empty steps', () => {
    expect(funnelRows(answer, 'autumn', 5).map((row) => row.cells['customers'])).toEqual([0, 0, 0]);
  });
});
