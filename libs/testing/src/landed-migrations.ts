import { MESSAGING_MIGRATIONS, type MigrationClass } from '@omni/messaging';
import type { QueryRunner } from 'typeorm';

type SentStatements = { up: string[]; down: string[] };

/** What a migration sends up and down, recorded by a runner that runs nothing. */
async function sentStatements(Migration: MigrationClass): Promise<SentStatements> {
  const migration = new Migration();
  const sent: SentStatements = { up: [], down: [] };
  for (const direction of ['up', 'down'] as const) {
    const recorder = {
      query: async (sql: string) => {
        sent[direction].push(sql);
      },
    };
    await migration[direction](recorder as unknown as QueryRunner);
  }
  return sent;
}

/**
 * A committed snapshot per migration of the statements it sends up and down. A landed
 * migration is never rewritten: databases that ran it keep what it sent, so a change to any
 * of its statements, even to its white space, fails here rather than passing unseen. A new
 * migration's snapshot is written on its first run and committed with it. Messaging's
 * migrations, which every service also runs, are libs/messaging's and are left out.
 */
export function describeLandedMigrations(migrations: readonly MigrationClass[]): void {
  describe('landed migrations', () => {
    for (const Migration of migrations.filter((m) => !MESSAGING_MIGRATIONS.includes(m))) {
      it(`${Migration.name} sends the statements it landed with`, async () => {
        expect(await sentStatements(Migration)).toMatchSnapshot();
      });
    }
  });
}
