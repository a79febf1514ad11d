import { z } from 'zod';
import { pageLimit, pageOf, pageQuerySchema, PAGE_LIMIT } from './page';

describe('pages', () => {
  const query = pageQuerySchema(z.string().regex(/^[a-z]+$/));

  it('defaults the limit and coerces it from the query string', () => {
    expect(query.parse({})).toEqual({ limit: PAGE_LIMIT.default });
    expect(query.parse({ limit: '7', after: 'abc' })).toEqual({ limit: 7, after: 'abc' });
  });

  it('refuses a limit out of range and a cursor the list cannot have', () => {
    expect(query.safeParse({ limit: '0' }).success).toBe(false);
    expect(query.safeParse({ limit: String(PAGE_LIMIT.max + 1) }).success).toBe(false);
    expect(query.safeParse({ limit: '2.5' }).success).toBe(false);
    expect(query.safeParse({ after: 'a\u0000b' }).success).toBe(false);
  });

  it('reads a list limit of its own range and default', () => {
    const limit = pageLimit(500, 50);
    expect(limit.parse(undefined)).toBe(50);
    expect(limit.parse('500')).toBe(500);
    expect(limit.safeParse('501').success).toBe(false);
    expect(pageLimit().parse(undefined)).toBe(PAGE_LIMIT.default);
  });

  it('gives the last item as the cursor only when another page exists', () => {
    const id = (row: { id: string }) => row.id;
    expect(pageOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 2, id)).toEqual({
      items: [{ id: 'a' }, { id: 'b' }],
      next: 'b',
    });
    expect(pageOf([{ id: 'a' }, { id: 'b' }], 2, id)).toEqual({
      items: [{ id: 'a' }, { id: 'b' }],
      next: null,
    });
    expect(pageOf([], 2, id)).toEqual({ items: [], next: null });
  });
});
