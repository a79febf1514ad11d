/** Anything ordered by time, ties broken by insertion sequence so runs are reproducible. */
export interface Scheduled {
  readonly time: number;
  readonly seq: number;
}

const before = (a: Scheduled, b: Scheduled): boolean =>
  a.time < b.time || (a.time === b.time && a.seq < b.seq);

/** A binary min-heap on (time, seq). */
export class MinHeap<T extends Scheduled> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    let index = items.length;
    items.push(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(item, items[parent])) break;
      items[index] = items[parent];
      index = parent;
    }
    items[index] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let index = 0;
    const length = items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(items[right], items[left]) ? right : left;
      if (!before(items[child], last)) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = last;
    return top;
  }
}
