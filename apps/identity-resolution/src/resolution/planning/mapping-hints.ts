/**
 * What this process last saw of the graph: the profile each identifier hash belonged to and
 * when each profile was created. Only a guess for which locks to take: the locks' own read
 * (identity_lock_and_map) decides, and a wrong guess costs another locking round, never a
 * wrong result. It saves the pre-lock read of identifiers the process has seen before, which
 * in steady state are nearly all of them. Bounded: past `capacity` hashes, those learnt
 * (or last moved) longest ago are forgotten first.
 */
export class MappingHints {
  private readonly profileOf = new Map<string, string>();
  private readonly createdAt = new Map<string, Date>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.profileOf.size;
  }

  /** The guessed mapping and profile ages of `hashes`, and the hashes it knows nothing of. */
  split(hashes: readonly string[]): {
    mapping: Map<string, { profileId: string }>;
    createdAt: Map<string, Date>;
    unknown: string[];
  } {
    const mapping = new Map<string, { profileId: string }>();
    const createdAt = new Map<string, Date>();
    const unknown: string[] = [];
    for (const hash of hashes) {
      const profileId = this.profileOf.get(hash);
      const created = profileId === undefined ? undefined : this.createdAt.get(profileId);
      if (profileId === undefined || created === undefined) {
        unknown.push(hash);
        continue;
      }
      mapping.set(hash, { profileId });
      createdAt.set(profileId, created);
    }
    return { mapping, createdAt, unknown };
  }

  /**
   * What a read of `hashes` found: each mapped one belongs to its profile, each of the others
   * to none (forgotten, so it is read again next time).
   */
  learn(
    hashes: Iterable<string>,
    mapping: ReadonlyMap<string, { profileId: string }>,
    createdAt: ReadonlyMap<string, Date>,
  ): void {
    if (this.capacity === 0) return;
    for (const [id, time] of createdAt) if (!this.createdAt.has(id)) this.createdAt.set(id, time);
    for (const hash of hashes) {
      const profileId = mapping.get(hash)?.profileId;
      if (profileId === undefined) this.profileOf.delete(hash);
      else if (this.profileOf.get(hash) !== profileId) {
        // Re-inserted, so a hash that moved counts as fresh when the oldest are forgotten.
        this.profileOf.delete(hash);
        this.profileOf.set(hash, profileId);
      }
    }
    this.trim();
  }

  private trim(): void {
    let excess = this.profileOf.size - this.capacity;
    if (excess <= 0) return;
    for (const hash of this.profileOf.keys()) {
      if (excess-- <= 0) break;
      this.profileOf.delete(hash);
    }
    // Profile ages are only needed for hashes still held; drop them all once they outgrow those.
    if (this.createdAt.size > 2 * this.capacity) {
      const held = new Set(this.profileOf.values());
      for (const id of this.createdAt.keys()) if (!held.has(id)) this.createdAt.delete(id);
    }
  }
}
