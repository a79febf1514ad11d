import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IdentityConfig } from '../src/config/identity-config';
import { IdentifierVault } from '../src/identifiers/identifier-vault';
import {
  IdentityResolver,
  type ResolutionInput,
} from '../src/resolution/identity-resolver.service';
import { useIdentityHarness } from './support/identity-harness';

describe('a batch written in one statement', () => {
  const h = useIdentityHarness({ consumer: false });
  let resolver: IdentityResolver;
  let dataSource: DataSource;

  beforeAll(async () => {
    resolver = h.app.get(IdentityResolver);
    dataSource = h.app.get(DataSource);
  });

  const event = (eventId: string, minute: number, identifiers: ResolutionInput['identifiers']) => ({
    eventId,
    connectorId: 'batch-write',
    channel: 'app' as const,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
    identifiers,
  });
  const resolveBatch = (inputs: ResolutionInput[]) =>
    dataSource.transaction((tx) => resolver.resolveMany(inputs, tx));
  const profile = async (customerId: string) =>
    (
      (await dataSource.query(
        `SELECT status, merged_into, version FROM profiles WHERE customer_id = $1`,
        [customerId],
      )) as { status: string; merged_into: string | null; version: number }[]
    )[0];

  it('stores profiles created and merged in the same batch as aliases of their survivor', async () => {
    const [a, b, merge] = await resolveBatch([
      event('bw-1', 1, { cookieId: 'bw-cookie-1' }),
      event('bw-2', 2, { deviceId: 'bw-device-1' }),
      event('bw-3', 3, { cookieId: 'bw-cookie-1', deviceId: 'bw-device-1' }),
    ]);
    expect(merge.customerId).toBe(a.customerId);
    expect(merge.changes).toHaveLength(1);
    expect(await profile(a.customerId)).toEqual({
      status: 'active',
      merged_into: null,
      version: 2,
    });
    expect(await profile(b.customerId)).toEqual({
      status: 'merged',
      merged_into: a.customerId,
      version: 1,
    });
    const owners = (await dataSource.query(
      `SELECT DISTINCT profile_id FROM identifiers WHERE profile_id = ANY($1::text[])`,
      [[a.customerId, b.customerId]],
    )) as { profile_id: string }[];
    expect(owners).toEqual([{ profile_id: a.customerId }]);
    const [links] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM links WHERE source_event_id = 'bw-3'`,
    )) as { n: number }[];
    expect(links.n).toBe(1);
  });

  it('folds stored profiles and their aliases into the survivor, bumping its version once per change', async () => {
    const [stored] = await resolveBatch([event('bw-10', 10, { phone: '+8613900990001' })]);
    const [older] = await resolveBatch([event('bw-11', 5, { email: 'bw-older@example.com' })]);
    // A stored alias of the stored profile, from batches of its own.
    const [alias] = await resolveBatch([event('bw-15', 11, { cookieId: 'bw-cookie-3' })]);
    await resolveBatch([event('bw-16', 11, { phone: '+8613900990001', cookieId: 'bw-cookie-3' })]);
    const [cookie, , joined] = await resolveBatch([
      event('bw-12', 12, { cookieId: 'bw-cookie-2' }),
      event('bw-13', 13, { phone: '+8613900990001', cookieId: 'bw-cookie-2' }),
      event('bw-14', 14, { phone: '+8613900990001', email: 'bw-older@example.com' }),
    ]);
    // The email's profile is the oldest, so it survives both the stored profile and the new one.
    expect(joined.customerId).toBe(older.customerId);
    expect(await profile(older.customerId)).toMatchObject({ status: 'active', version: 2 });
    expect(await profile(stored.customerId)).toMatchObject({
      status: 'merged',
      merged_into: older.customerId,
      version: 3,
    });
    expect(await profile(alias.customerId)).toMatchObject({
      status: 'merged',
      merged_into: older.customerId,
    });
    expect(await profile(cookie.customerId)).toMatchObject({
      status: 'merged',
      merged_into: older.customerId,
    });
    const owners = (await dataSource.query(
      `SELECT DISTINCT profile_id FROM identifiers WHERE profile_id = ANY($1::text[])`,
      [[stored.customerId, cookie.customerId, alias.customerId, older.customerId]],
    )) as { profile_id: string }[];
    expect(owners).toEqual([{ profile_id: older.customerId }]);
  });

  it('resolves to the survivor when another replica merged a profile its hints still name', async () => {
    // Another replica: its own resolver, with hints of its own.
    const other = new IdentityResolver(
      h.app.get<IdentityConfig>(SERVICE_CONFIG),
      h.app.get(IdentifierVault),
    );
    const [first] = await resolveBatch([event('bw-30', 30, { phone: '+8613900990030' })]);
    const [older] = await dataSource.transaction((tx) =>
      other.resolveMany([event('bw-31', 20, { email: 'bw-hints@example.com' })], tx),
    );
    const [merged] = await dataSource.transaction((tx) =>
      other.resolveMany(
        [event('bw-32', 32, { phone: '+8613900990030', email: 'bw-hints@example.com' })],
        tx,
      ),
    );
    expect(merged.customerId).toBe(older.customerId);
    expect(await profile(first.customerId)).toMatchObject({ status: 'merged' });

    // This resolver last saw the phone in the profile now merged away.
    const [again, anonymous] = await resolveBatch([
      event('bw-33', 33, { phone: '+8613900990030', cookieId: 'bw-hints-cookie' }),
      event('bw-34', 34, { phone: '+8613900990030' }),
    ]);
    expect(again.customerId).toBe(older.customerId);
    expect(anonymous.customerId).toBe(older.customerId);
    expect(await profile(older.customerId)).toMatchObject({ status: 'active', version: 3 });
  });
});
