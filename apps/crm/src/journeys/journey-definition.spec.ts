import { DEFAULT_JOURNEYS, journeyDefinitionsSchema } from './journey-definition';

describe('journey definitions', () => {
  it('the built-in journeys are valid and cover every trigger', () => {
    const journeys = journeyDefinitionsSchema.parse(DEFAULT_JOURNEYS);
    expect(new Set(journeys.map((journey) => journey.trigger)).size).toBe(8);
    expect(journeys.find((j) => j.id === 'repurchase-reminder')?.steps).toEqual([
      { step: 'day-7', after: 7 * 86_400_000 },
      { step: 'day-30', after: 30 * 86_400_000 },
    ]);
  });

  it.each([
    ['an unknown entry rule', [{ ...DEFAULT_JOURNEYS[0], entry: 'moon-phase' }]],
    ['a malformed delay', [{ ...DEFAULT_JOURNEYS[0], steps: [{ step: 'x', after: '7 days' }] }]],
    ['a duplicate id', [DEFAULT_JOURNEYS[0], DEFAULT_JOURNEYS[0]]],
    [
      'a duplicate step',
      [
        {
          ...DEFAULT_JOURNEYS[0],
          steps: [DEFAULT_JOURNEYS[0].steps[0], DEFAULT_JOURNEYS[0].steps[0]],
        },
      ],
    ],
    ['an unknown channel', [{ ...DEFAULT_JOURNEYS[0], channel: 'fax' }]],
  ])('refuses %s', (_case, journeys) => {
    expect(journeyDefinitionsSchema.safeParse(journeys).success).toBe(false);
  });
});
