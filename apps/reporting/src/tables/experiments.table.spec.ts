import type { ExperimentReadoutDto } from '../experiments/dto/experiments.dto';
import { experimentRows } from './experiments.table';

const variant = (name: string, exposed: number, converted: number) => ({
  variant: name,
  exposed,
  converted,
  conversionRate: converted / exposed,
  revenue: converted * 1_000,
  revenuePerUser: (converted * 1_000) / exposed,
});

const readout = (control: number, treatment: number): ExperimentReadoutDto => ({
  experimentId: 'checkout-button',
  status: 'ok',
  currency: 'CNY',
  confidence: 0.95,
  minSample: 10,
  excluded: 0,
  variants: [variant('control', 100, control), variant('treatment', 100, treatment)],
  sampleRatio: {},
  comparisons: [
    {
      variant: 'treatment',
      control: 'control',
      conversion: { method: 'z', relativeUplift: 0.5, pValue: 0.04, significant: true },
      revenuePerUser: {},
    },
  ],
});

describe('the A/B table', () => {
  it('puts the comparison with the control on the treatment row', () => {
    const [control, treatment] = experimentRows(readout(20, 30), 5);
    expect(control.cells['pValue']).toBeNull();
    expect(treatment.cells).toMatchObject({ relativeUplift: 0.5, pValue: 0.04, significant: true });
  });

  it('hides a comparison when the control converted too few customers', () => {
    const [control, treatment] = experimentRows(readout(3, 30), 5);
    expect(control.suppressed).toEqual([
      'converted',
      'conversionRate',
      'revenue',
      'revenuePerUser',
    ]);
    expect(treatment.suppressed).toEqual(['relativeUplift', 'pValue', 'significant', 'method']);
    expect(treatment.cells['converted']).toBe(30);
  });
});
