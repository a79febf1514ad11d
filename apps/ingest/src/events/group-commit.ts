/**
 * Group commit for concurrent requests: work submitted while a group is being committed waits
 * and goes into the next group, so N concurrent requests cost one transaction (one INSERT, one
 * Kafka request, one COMMIT) instead of N. Up to `maxInFlight` groups run at once, so one
 * group's database work overlaps another's wait for Kafka. A group holds whole submissions,
 * oldest first, up to `maxWeight` (always at least one).
 *
 * Each submission settles with its group: it resolves only once the group committed, and a
 * failed group rejects every submission it carried.
 */
export class GroupCommit<T> {
  private readonly queue: { item: T; weight: number; done: (error?: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly options: { maxWeight: number; maxInFlight: number },
  ) {
    for (const [name, value] of Object.entries(options)) {
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
      let weight = this.queue[0].weight;
      let size = 1;
      while (size < this.queue.length && weight + this.queue[size].weight <= this.options.maxWeight)
        weight += this.queue[size++].weight;
      const group = this.queue.splice(0, size);
      this.inFlight += 1;
      void this.commit(group.map((entry) => entry.item)).then(
        () => this.finish(group),
        (error: unknown) => this.finish(group, error ?? new Error('group commit failed')),
      );
    }
  }

  private finish(group: { done: (error?: unknown) => void }[], error?: unknown): void {
    this.inFlight -= 1;
    for (const entry of group) entry.done(error);
    this.startGroups();
  }
}
