import { splitComponents } from './split-components';

describe('splitComponents', () => {
  it('cuts every link between the chosen identifiers and the rest, so what hangs off them becomes its own profile', () => {
    // phone(1) - cookie(2) - device(3) - email(4); move the device: 2-3 and 3-4 are cut.
    const edges = [
      { id: 'a', from: '1', to: '2' },
      { id: 'b', from: '2', to: '3' },
      { id: 'c', from: '3', to: '4' },
    ];
    expect(splitComponents(['1', '2', '3', '4'], edges, new Set(['3']))).toEqual({
      cut: ['b', 'c'],
      keep: ['1', '2'],
      split: [['3'], ['4']],
    });
  });

  it('gives every component cut off from the oldest identifier a profile of its own', () => {
    const edges = [
      { id: 'a', from: '1', to: '2' },
      { id: 'b', from: '2', to: '3' },
    ];
    expect(splitComponents(['1', '2', '3'], edges, new Set(['2']))).toEqual({
      cut: ['a', 'b'],
      keep: ['1'],
      split: [['2'], ['3']],
    });
  });

  it('moves everything to a new profile when every identifier is chosen', () => {
    expect(
      splitComponents(['1', '2'], [{ id: 'a', from: '1', to: '2' }], new Set(['1', '2'])),
    ).toEqual({ cut: [], keep: [], split: [['1', '2']] });
  });
});
