/**
 * Group commit for concurrent callers: work submitted while a group is being committed waits
 * and goes into the next group, so N concurrent callers cost one commit (one transaction, one
 * Kafka request) instead of N. Up to `maxInFlight` groups run at once. A group starts with the
 * oldest submission and takes the later ones that `sameGroup` accepts, in order, while they fit
 * in `maxWeight` (always at least one); the others keep their place.
 *
 * Each submission settles with its group: it resolves only once the group committed, and a
 * failed group rejects every submission it carried. When `isolate` says a failure may be one
 * submission's fault (bad data rather than an unavailable database or broker), the group is
 * committed again in halves, in order, down to single submissions: the others commit, and
 * only the culprit is rejected, with an error it met on its own.
 */
type Entry<T> = { item: T; weight: number; done: (error?: unknown) => void };

type GroupCommitOptions<T> = {
  maxWeight: number;
  maxInFlight: number;
  sameGroup?: (first: T, next: T) => boolean;
  isolate?: (error: unknown) => boolean;
};

export class GroupCommit<T> {
  private readonly queue: Entry<T>[] = [];
  private inFlight = 0;

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions<T>,
  ) {
    for (const name of ['maxWeight', 'maxInFlight'] as const) {
      const value = options[name];
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`${name} must be a positive whole number, got ${value}`);
    }
  }

  submit(item: T, weight: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, weight, done: (error) => (error ? reject(error) : resolve()) });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const group = this.takeGroup();
      this.inFlight += 1;
      void this.committing(itemsOf(group)).then(
        () => this.finish(group),
        (error: unknown) => {
          const failure = error ?? new Error('group commit failed');
          if (group.length > 1 && this.blamesOne(failure))
            void this.commitInHalves(group).then(() => this.finish([]));
          else this.finish(group, failure);
        },
      );
    }
  }

  /** Commits `group` again in halves, in order, down to the single submissions that fail. */
  private async commitInHalves(group: Entry<T>[]): Promise<void> {
    const half = Math.ceil(group.length / 2);
    for (const part of [group.slice(0, half), group.slice(half)]) {
      try {
        await this.committing(itemsOf(part));
        for (const entry of part) entry.done();
      } catch (error) {
        const failure = error ?? new Error('group commit failed');
        if (part.length > 1 && this.blamesOne(failure)) await this.commitInHalves(part);
        else for (const entry of part) entry.done(failure);
      }
    }
  }

  private blamesOne(failure: unknown): boolean {
    try {
      return this.options.isolate?.(failure) ?? false;
    } catch {
      return false;
    }
  }

  /** The commit's promise, also when `commit` throws instead of rejecting. */
  private committing(items: T[]): Promise<void> {
    try {
      return this.commit(items);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private takeGroup(): Entry<T>[] {
    const group = this.queue.splice(0, 1);
    const first = group[0].item;
    let weight = group[0].weight;
    for (let i = 0; i < this.queue.length;) {
      const next = this.queue[i];
      if (this.options.sameGroup !== undefined && !this.options.sameGroup(first, next.item)) {
        i += 1;
        continue;
      }
      // Stop at the first that does not fit, so a group never overtakes an older submission.
      if (weight + next.weight > this.options.maxWeight) break;
      weight += next.weight;
      group.push(...this.queue.splice(i, 1));
    }
    return group;
  }

  private finish(group: Entry<T>[], error?: unknown): void {
    this.inFlight -= 1;
    for (const entry of group) entry.done(error);
    this.startGroups();
  }
}

const itemsOf = <T>(group: Entry<T>[]): T[] => group.map((entry) => entry.item);
