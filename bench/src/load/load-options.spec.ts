import { parseLoadOptions } from './load-options';

const seed = () => 42;

describe('parseLoadOptions', () => {
  it('takes rate, duration, scenario and transport, with a random seed unless one is given', () => {
    expect(
      parseLoadOptions(
        ['--rate', '500', '--duration', '10', '--scenario', 'orders', '--via', 'kafka'],
        seed,
      ),
    ).toMatchObject({
      rate: 500,
      durationSeconds: 10,
      scenario: 'orders',
      via: 'kafka',
      seed: 42,
      batch: 100,
    });
    expect(parseLoadOptions(['--seed', '7'], seed).seed).toBe(7);
  });

  it('defaults to omnichannel traffic over HTTP', () => {
    expect(parseLoadOptions([], seed)).toMatchObject({
      scenario: 'omnichannel',
      via: 'http',
      rate: 100,
      durationSeconds: 30,
    });
  });

  it('names the flag of each bad value', () => {
    expect(() => parseLoadOptions(['--rate', '-5'], seed)).toThrow(/^--rate:/);
    expect(() => parseLoadOptions(['--duration', 'long'], seed)).toThrow(/^--duration:/);
    expect(() => parseLoadOptions(['--scenario', 'black-friday'], seed)).toThrow(
      '--scenario: expected one of omnichannel, shoppers, orders, got "black-friday"',
    );
    expect(() => parseLoadOptions(['--via', 'carrier-pigeon'], seed)).toThrow(
      '--via: expected one of http, kafka',
    );
    expect(() => parseLoadOptions(['--batch', '5000'], seed)).toThrow(/^--batch:/);
    expect(() => parseLoadOptions(['--start-date', 'yesterday'], seed)).toThrow(/^--start-date:/);
  });

  it('refuses an in-flight window smaller than one batch', () => {
    expect(() => parseLoadOptions(['--batch', '200', '--max-in-flight', '100'], seed)).toThrow(
      '--max-in-flight: must be at least --batch (200), got 100',
    );
  });
});
