import { z } from 'zod';
import { tolerantReaderOf } from './tolerant-reader';

describe('tolerantReaderOf', () => {
  const strict = z.strictObject({
    id: z.string(),
    lines: z.array(z.strictObject({ sku: z.string() })).optional(),
    meta: z
      .strictObject({ tags: z.record(z.string(), z.strictObject({ on: z.boolean() })) })
      .optional(),
    labels: z.strictObject({ note: z.string().optional() }).default({}),
  });
  const tolerant = tolerantReaderOf(strict);

  it('drops unknown keys at every depth instead of rejecting them', () => {
    const input = {
      id: 'a',
      extra: 1,
      lines: [{ sku: 's', colour: 'red' }],
      meta: { tags: { vip: { on: true, since: 2020 } }, note: 'x' },
    };
    expect(strict.safeParse(input).success).toBe(false);
    expect(tolerant.parse(input)).toEqual({
      id: 'a',
      lines: [{ sku: 's' }],
      meta: { tags: { vip: { on: true } } },
      labels: {},
    });
  });

  it('still rejects a wrong value for a known field', () => {
    expect(tolerant.safeParse({ id: 1 }).success).toBe(false);
  });

  it('keeps object checks', () => {
    const checked = z.strictObject({ from: z.int(), to: z.int() }).check((ctx) => {
      if (ctx.value.to < ctx.value.from) {
        ctx.issues.push({
          code: 'custom',
          message: 'to before from',
          input: ctx.value,
          path: ['to'],
        });
      }
    });
    expect(tolerantReaderOf(checked).safeParse({ from: 2, to: 1, extra: true }).success).toBe(
      false,
    );
  });

  it('gives every parse its own copy of a default value', () => {
    const first = tolerant.parse({ id: 'a' });
    first.labels.note = 'changed by a consumer';
    expect(tolerant.parse({ id: 'b' }).labels).toEqual({});
  });

  it('reads tolerantly through a transform and still applies it', () => {
    const derived = z
      .strictObject({ url: z.string(), path: z.string().optional() })
      .transform((value) => ({ ...value, path: value.path ?? new URL(value.url).pathname }));
    expect(tolerantReaderOf(derived).parse({ url: 'https://a.cn/p/1', extra: 1 })).toEqual({
      url: 'https://a.cn/p/1',
      path: '/p/1',
    });
  });
});
