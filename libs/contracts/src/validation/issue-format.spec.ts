import { describeValue } from '../shared/value-description';
import { formatPath } from './issue-format';

describe('formatPath', () => {
  it.each<[PropertyKey[], string]>([
    [[], '(root)'],
    [['eventId'], 'eventId'],
    [['payload', 'lines', 0, 'unitPrice', 'amount'], 'payload.lines[0].unitPrice.amount'],
    [['payload', 'properties', 'utm-source'], 'payload.properties.utm-source'],
    [['payload', 'properties', 'page title'], 'payload.properties["page title"]'],
    [['payload', 'filters', '价格'], 'payload.filters["价格"]'],
  ])('%j reads as %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });

  it('shows a long key by its start and length, never whole', () => {
    expect(formatPath(['payload', 'properties', 'k'.repeat(200_000)])).toBe(
      `payload.properties["${'k'.repeat(40)}"… (200000 characters)]`,
    );
    expect(formatPath(['payload', '键 '.repeat(100)])).toBe(
      `payload[${JSON.stringify('键 '.repeat(20))}… (200 characters)]`,
    );
  });
});

describe('describeValue', () => {
  it('shows short values as they were sent', () => {
    expect(describeValue('cny')).toBe('"cny"');
    expect(describeValue(19.99)).toBe('19.99');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue([1, 2])).toBe('a list of 2 items');
  });

  it('never repeats a long value in full', () => {
    const described = describeValue('x'.repeat(5000));
    expect(described.length).toBeLessThan(80);
    expect(described).toContain('(5000 characters)');
  });
});
