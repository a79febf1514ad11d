import type { ConnectorEntity } from './connector.entity';
import { toConnector, type Connector } from './connector';

/** What this replica knows of one connector id. */
export type ConnectorSnapshot = {
  /** Undefined when no connector has the id. */
  row: ConnectorEntity | undefined;
  connector: Connector | undefined;
  /** When the read began: it saw every change committed before then. */
  readAt: number;
  /** SHA-256 of the key scrypt verified against `row.keyHash`, kept while the hash stays. */
  verifiedDigest: Buffer | undefined;
};

export type ConnectorSnapshotSettings = {
  /** How long a read is trusted for keys verified against it. */
  ttlMs: number;
  /** Reads made to confirm a refusal happen at most once per this interval per connector. */
  recheckMs: number;
};

type Read = { startsAt: number; result: Promise<ConnectorSnapshot> };

/**
 * Connector rows as this replica last read them, one read per connector at a time shared by
 * every request that needs it. Only connectors that exist are kept, so ids made up by a
 * client never push out the ones in use.
 */
export class ConnectorSnapshots {
  private readonly known = new Map<string, ConnectorSnapshot>();
  // The latest read of each connector, begun or scheduled.
  private readonly reads = new Map<string, Read>();
  // Bumped by forget(): a read that began before must not store what it saw.
  private epoch = 0;

  constructor(
    private readonly read: (id: string) => Promise<ConnectorEntity | undefined>,
    private readonly settings: ConnectorSnapshotSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The connector as read within the TTL, if it was. Past half the TTL a new read starts in the
   * background, so requests for a connector in use never wait for one.
   */
  fresh(id: string): ConnectorSnapshot | undefined {
    const snapshot = this.known.get(id);
    const now = this.now();
    if (snapshot === undefined || snapshot.readAt < now - this.settings.ttlMs) return undefined;
    if (snapshot.readAt < now - this.settings.ttlMs / 2 && !this.reads.has(id)) this.start(id, now);
    return snapshot;
  }

  /** The connector as read within the TTL, reading it now if it was not. */
  recent(id: string): Promise<ConnectorSnapshot> {
    return this.readSince(id, this.now() - this.settings.ttlMs, false);
  }

  /**
   * The connector as read by a read that began at or after `since`. A new read starts no
   * sooner than the recheck interval after the last one, so refusals cost a bounded number.
   */
  confirmedSince(id: string, since: number): Promise<ConnectorSnapshot> {
    return this.readSince(id, since, true);
  }

  /** Records that `digest` is the key verified against `keyHash`, if that is still the row's. */
  markVerified(id: string, keyHash: string, digest: Buffer): void {
    const snapshot = this.known.get(id);
    if (snapshot?.row?.keyHash === keyHash)
      this.known.set(id, { ...snapshot, verifiedDigest: digest });
  }

  /** Drops what is known of the connector, after this replica changed it. */
  forget(id: string): void {
    this.epoch++;
    this.known.delete(id);
    this.reads.delete(id);
  }

  private async readSince(
    id: string,
    since: number,
    rateLimited: boolean,
  ): Promise<ConnectorSnapshot> {
    for (;;) {
      const known = this.known.get(id);
      if (known !== undefined && known.readAt >= since) return known;
      const now = this.now();
      const pending = this.reads.get(id);
      // Only confirmations wait for a read scheduled for later; anything else reads now.
      if (pending !== undefined && (rateLimited || pending.startsAt <= now)) {
        const snapshot = await pending.result;
        if (pending.startsAt >= since) return snapshot;
        continue;
      }
      const startsAt =
        rateLimited && known !== undefined
          ? Math.max(now, known.readAt + this.settings.recheckMs)
          : now;
      return this.start(id, startsAt).result;
    }
  }

  private start(id: string, startsAt: number): Read {
    const epoch = this.epoch;
    const result = (async () => {
      const wait = startsAt - this.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const readAt = this.now();
      return this.store(id, await this.read(id), readAt, epoch);
    })();
    const read = { startsAt, result };
    this.reads.set(id, read);
    const done = () => {
      if (this.reads.get(id) === read) this.reads.delete(id);
    };
    result.then(done, done);
    return read;
  }

  private store(
    id: string,
    row: ConnectorEntity | undefined,
    readAt: number,
    epoch: number,
  ): ConnectorSnapshot {
    const previous = this.known.get(id);
    const verifiedDigest =
      row !== undefined && previous?.row?.keyHash === row.keyHash
        ? previous.verifiedDigest
        : undefined;
    const snapshot: ConnectorSnapshot = {
      row,
      connector: row === undefined ? undefined : toConnector(row),
      readAt,
      verifiedDigest,
    };
    // A read that began before forget(), or before the one already kept, must not replace it.
    if (epoch !== this.epoch || (previous !== undefined && previous.readAt > readAt))
      return snapshot;
    if (row === undefined) this.known.delete(id);
    else this.known.set(id, snapshot);
    return snapshot;
  }
}
