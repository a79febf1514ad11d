import { moneySchema } from './money.schema';

function messages(input: unknown): string[] {
  const result = moneySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('money', () => {
  it('accepts integer minor units with an upper-case ISO 4217 code, including zero', () => {
    expect(moneySchema.parse({ amount: 1999, currency: 'CNY' })).toEqual({
      amount: 1999,
      currency: 'CNY',
    });
    expect(messages({ amount: 0, currency: 'JPY' })).toEqual([]);
  });

  it('rejects a float with a message that shows the minor-units form', () => {
    expect(messages({ amount: 19.99, currency: 'CNY' })).toEqual([
      'expected an integer amount in minor units (e.g. 1999 for 19.99), got 19.99',
    ]);
  });

  it('rejects an amount too large to be exact in JSON numbers', () => {
    expect(messages({ amount: 2 ** 53, currency: 'CNY' })).toEqual([
      'expected an amount in minor units below 2^53, got 9007199254740992',
    ]);
  });

  it('rejects a negative amount', () => {
    expect(messages({ amount: -1, currency: 'CNY' })[0]).toMatch(/^expected a non-negative amount/);
  });

  it.each(['cny', 'RMB1', 'CN', '¥'])('rejects the currency %j', (currency) => {
    expect(messages({ amount: 100, currency })).toEqual([
      `expected an ISO 4217 currency code in upper case, e.g. CNY, got ${JSON.stringify(currency)}`,
    ]);
  });

  it('says which part is missing', () => {
    expect(messages({ currency: 'CNY' })).toEqual(['is required']);
    expect(messages({ amount: 100 })).toEqual(['is required']);
  });

  it('rejects extra keys such as a decimal display value', () => {
    expect(moneySchema.safeParse({ amount: 100, currency: 'CNY', display: '1.00' }).success).toBe(
      false,
    );
  });
});
