import { cart, line, promotion } from './engine.spec-helper';
import { describeScope, describeScopedLines, type LineView } from './promotion-rule';
import { quoteCart } from './quote';

const skus = (count: number) => Array.from({ length: count }, (_, index) => `SKU-${index}`);
const view = (lineId: string, sku: string): LineView => ({
  lineId,
  sku,
  quantity: 1,
  unitPrice: 100,
  categories: [],
  amount: 100,
});

describe('scope explanations', () => {
  it('name a short list in full', () => {
    expect(describeScope({ skus: skus(5) })).toBe('SKUs SKU-0, SKU-1, SKU-2, SKU-3, SKU-4');
    expect(describeScope({ categories: ['shoes'] })).toBe('categories shoes');
    expect(describeScope({})).toBe('the cart');
  });

  it('name a long list by its first entries and how many more it has', () => {
    expect(describeScope({ skus: skus(1000) })).toBe('SKUs SKU-0, SKU-1, SKU-2 and 997 more');
    expect(describeScope({ skus: skus(6), categories: skus(200) })).toBe(
      'SKUs SKU-0, SKU-1, SKU-2 and 3 more or categories SKU-0, SKU-1, SKU-2 and 197 more',
    );
  });

  it('name the cart lines a scoped rule matched, with the scope', () => {
    const scope = { skus: skus(30) };
    expect(describeScopedLines([view('L1', 'SKU-3'), view('L4', 'SKU-7')], scope)).toBe(
      'lines L1, L4 (SKUs SKU-0, SKU-1, SKU-2 and 27 more)',
    );
    expect(describeScopedLines([view('L1', 'SKU-3')], scope)).toBe(
      'line L1 (SKUs SKU-0, SKU-1, SKU-2 and 27 more)',
    );
    expect(describeScopedLines([], scope)).toBe('no line (SKUs SKU-0, SKU-1, SKU-2 and 27 more)');
    expect(describeScopedLines([view('L1', 'SKU-3')], {})).toBe('the cart');
  });

  it('keep a quote of a 1,000-SKU promotion short, naming the lines it took off', () => {
    const wide = promotion({
      id: 'wide',
      conditions: [{ code: 'items-in-cart', args: { skus: skus(1000) } }],
      actions: [{ code: 'amount-off', args: { amount: 100, per: 'unit', skus: skus(1000) } }],
    });
    const quote = quoteCart(
      [wide],
      cart([
        line('A', 'SKU-500', 2, 1_000),
        line('B', 'other', 1, 1_000),
        line('C', 'SKU-9', 1, 1_000),
      ]),
    );
    expect(quote.applied[0]).toMatchObject({
      amount: 300,
      explanation:
        'the cart holds lines A, C (SKUs SKU-0, SKU-1, SKU-2 and 997 more); CNY 1.00 off each unit of lines A, C (SKUs SKU-0, SKU-1, SKU-2 and 997 more)',
    });
    const missed = quoteCart([wide], cart([line('B', 'other', 1, 1_000)]));
    expect(missed.notApplied[0]).toMatchObject({
      reason: 'no-qualifying-items',
      explanation: 'items-in-cart: the cart holds no line (SKUs SKU-0, SKU-1, SKU-2 and 997 more)',
    });
  });
});
