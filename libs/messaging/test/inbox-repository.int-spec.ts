import { createTestDatabase, type TestDatabase } from '@omni/testing';
import { InboxRepository } from '../src/consumer/inbox.repository';
import { inboxKeysByDefaultCollation, inboxKeysBytewise } from '../src/migrations/messaging-tables';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';

describe('the inbox repository', () => {
  let db: TestDatabase;
  let inbox: InboxRepository;

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msgi',
      migrations: [MessagingTestTables1700000000000],
    });
    inbox = new InboxRepository(db.dataSource);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const entries = (ids: string[]) =>
    ids.map((eventId, i) => ({ eventId, topic: 't.v1', partition: 0, offset: String(i) }));
  const record = (group: string, ids: string[]) =>
    db.dataSource.transaction((tx) => inbox.record(tx, group, entries(ids)));
  const keyCollations = async () =>
    (
      (await db.dataSource.query(
        `SELECT a.attname AS column, c.collname AS collation FROM pg_attribute a
         JOIN pg_collation c ON c.oid = a.attcollation
         WHERE a.attrelid = 'inbox'::regclass AND a.attname IN ('consumer_group', 'event_id')
         ORDER BY a.attname`,
      )) as { column: string; collation: string }[]
    ).map((row) => row.collation);

  it('returns the ids seen for the first time, odd ones included, under either collation', async () => {
    expect(await keyCollations()).toEqual(['C', 'C']);
    const odd = ['e "1"', 'e,2', 'NULL', 'é-3', 'e\\4'];
    expect(await record('g1', ['a', 'b', ...odd])).toEqual(new Set(['a', 'b', ...odd]));
    // Seen before: only the new ones come back; a second copy in one batch counts once.
    expect(await record('g1', ['a', 'c', 'c', ...odd])).toEqual(new Set(['c']));
    // Another group has seen none of them.
    expect(await record('g2', ['a'])).toEqual(new Set(['a']));

    await db.dataSource.transaction((tx) => inboxKeysByDefaultCollation(tx.queryRunner!));
    expect(await keyCollations()).toEqual(['default', 'default']);
    expect(await record('g1', ['a', 'd'])).toEqual(new Set(['d']));

    await db.dataSource.transaction((tx) => inboxKeysBytewise(tx.queryRunner!));
    expect(await keyCollations()).toEqual(['C', 'C']);
    expect(await record('g1', ['a', 'b', 'c', 'd', 'e'])).toEqual(new Set(['e']));
  });
});
