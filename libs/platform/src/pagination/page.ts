import { type Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';

/** The most items one page may hold, and how many a page holds when the caller does not say. */
export const PAGE_LIMIT = { max: 1_000, default: 100 } as const;

/** A list's `limit` query parameter: a whole number from 1 to `max`, `byDefault` when not given. */
export const pageLimit = (max: number = PAGE_LIMIT.max, byDefault: number = PAGE_LIMIT.default) =>
  z.coerce.number().int().min(1).max(max).default(byDefault);

/**
 * Query parameters of a list read in pages: `limit`, and `after`, the `next` cursor of the page
 * before (keyset pagination, so a page costs the same however far into the list it is).
 * `cursor` says what a cursor of this list may look like; nothing else reaches the database.
 */
export function pageQuerySchema(cursor: z.ZodType<string>) {
  return z.object({
    after: cursor
      .optional()
      .meta({ description: 'The `next` value of the previous page; omit for the first page.' }),
    limit: pageLimit().meta({ description: `Items per page, 1–${PAGE_LIMIT.max}.` }),
  });
}

/** One page of a list; `next` is null on the last page. */
export type Page<T> = { items: T[]; next: string | null };

/**
 * The page for rows read with `limit + 1`: the extra row only tells that another page exists,
 * and the cursor is the last row of this one.
 */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return {
    items,
    next: rows.length > limit && items.length > 0 ? cursorOf(items[items.length - 1]) : null,
  };
}

/** The OpenAPI class of a page of `item`; extend it to name the page (`class XPageDto extends PageDto(XDto) {}`). */
export function PageDto<T>(item: Type<T>) {
  class PageOfItems {
    @ApiProperty({ type: item, isArray: true }) items!: T[];
    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `after` for the next page; null on the last page.',
    })
    next!: string | null;
  }
  Object.defineProperty(PageOfItems, 'name', { value: `PageOf${item.name}` });
  return PageOfItems;
}
