/**
 * Group commit for concurrent callers: work submitted while a group is being committed waits
 * and goes into the next group, so N concurrent callers cost one commit (one transaction, one
 * Kafka request) instead of N. Up to `maxInFlight` groups run at once. A group starts with the
 * oldest submission and takes the later ones that `sameGroup` accepts, in order, while they fit
 * in `maxWeight` (always at least one); the others keep their place.
 *
 * Each submission settles with its group: it resolves only once the group committed, and a
 * failed group rejects every submission it carried.
 */
type Entry<T> = { item: T; weight: number; done: (error?: unknown) => void };

export class GroupCommit<T> {
  private readonly queue: Entry<T>[] = [];
  private inFlight = 0;

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly options: {
      maxWeight: number;
      maxInFlight: number;
      sameGroup?: (first: T, next: T) => boolean;
    },
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
      void this.committing(group.map((entry) => entry.item)).then(
        () => this.finish(group),
        (error: unknown) => this.finish(group, error ?? new Error('group commit failed')),
      );
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
