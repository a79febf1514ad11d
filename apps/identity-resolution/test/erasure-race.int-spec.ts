import { DataSource } from 'typeorm';
import { ErasureService } from '../src/erasure/erasure.service';
import { profileLockKey } from '../src/resolution/graph-locks';
import {
  IdentityResolver,
  type ResolutionInput,
} from '../src/resolution/identity-resolver.service';
import { eventually } from '@omni/testing';
import { useIdentityHarness } from './support/identity-harness';

// An erasure can commit between a resolver's read of the suppression list and its locks. The
// identifiers it freed must still never be linked again.
describe('an erasure committing while events are being resolved', () => {
  const h = useIdentityHarness({ consumer: false });
  let resolver: IdentityResolver;
  let dataSource: DataSource;

  beforeAll(async () => {
    resolver = h.app.get(IdentityResolver);
    dataSource = h.app.get(DataSource);
  });

  const event = (eventId: string, identifiers: ResolutionInput['identifiers']) => ({
    eventId,
    connectorId: 'erasure-race',
    channel: 'app' as const,
    occurredAt: '2026-01-01T00:00:00.000Z',
    identifiers,
  });
  const erase = (customerId: string) =>
    h.app.get(ErasureService).erase({ customerId, actor: 'dpo:test', reason: 'race test' });
  const linkedSuppressed = async () => {
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM identifiers WHERE hash IN (SELECT hash FROM suppressions)`,
    );
    return n as number;
  };

  it('an event resolved alone links nothing erased when the process still remembers its identifiers from before the erasure', async () => {
    const [person] = await dataSource.transaction((tx) =>
      resolver.resolveMany(
        [event('race-1', { phone: '+8613912340001', memberId: 'M-race-1' })],
        tx,
      ),
    );
    // The resolver's mapping hints still place the phone in the erased profile, so the
    // suppressions are not read for it before the locks: only the re-check under them sees it.
    await erase(person.customerId);
    await dataSource.transaction((tx) =>
      resolver.resolveMany(
        [event('race-1-replay', { phone: '+8613912340001', cookieId: 'c-race-1' })],
        tx,
      ),
    );
    expect(await linkedSuppressed()).toBe(0);
  });

  it('a batch that read the suppressions before an erasure took the profile links nothing erased', async () => {
    const [person] = await dataSource.transaction((tx) =>
      resolver.resolveMany(
        [event('race-2', { phone: '+8613912340002', memberId: 'M-race-2' })],
        tx,
      ),
    );
    const key = profileLockKey(person.customerId);
    const waitingOnProfile = async () => {
      const [{ n }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM pg_locks
         WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
           AND classid::bigint = $1 AND objid::bigint = $2`,
        [String((key >> 32n) & 0xffffffffn), String(key & 0xffffffffn)],
      );
      return n as number;
    };
    // Hold the profile's lock so the erasure queues first and the batch behind it.
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT pg_advisory_xact_lock($1::bigint)', [String(key)]);
      const erased = erase(person.customerId);
      await eventually(
        async () => ((await waitingOnProfile()) >= 1 ? true : undefined),
        'erasure waiting',
      );
      const batch = dataSource.transaction((tx) =>
        resolver.resolveMany(
          [event('race-2-replay', { phone: '+8613912340002', cookieId: 'c-race-2' })],
          tx,
        ),
      );
      await eventually(
        async () => ((await waitingOnProfile()) >= 2 ? true : undefined),
        'batch waiting',
      );
      await holder.commitTransaction();
      await Promise.all([erased, batch]);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await linkedSuppressed()).toBe(0);
  });
});
