import { idParams } from './id-params';
import { idText } from './text';

describe('idParams', () => {
  it('takes exactly the named id, bounded and without control characters', () => {
    const params = idParams('customerId');
    expect(params.parse({ customerId: 'cus_1' })).toEqual({ customerId: 'cus_1' });
    expect(params.safeParse({ customerId: 'a\u0000b' }).success).toBe(false);
    expect(params.safeParse({ customerId: 'x'.repeat(129) }).success).toBe(false);
    expect(params.safeParse({ customerId: 'cus_1', other: 'x' }).success).toBe(false);
  });

  it('takes the id text it is given', () => {
    expect(idParams('sku', idText(4)).safeParse({ sku: 'abcde' }).success).toBe(false);
  });
});
