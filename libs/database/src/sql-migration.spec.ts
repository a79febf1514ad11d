import type { QueryRunner } from 'typeorm';
import { sqlMigration } from './sql-migration';

/** A query runner that only records what it is asked to run. */
function recordingRunner(failOn?: string) {
  const ran: string[] = [];
  const runner = {
    query: async (sql: string) => {
      if (sql === failOn) throw new Error(`failed: ${sql}`);
      ran.push(sql);
    },
  } as unknown as QueryRunner;
  return { ran, runner };
}

describe('sqlMigration', () => {
  const Widgets1700000000000 = sqlMigration({
    name: 'Widgets1700000000000',
    up: [
      `CREATE TABLE widgets (id int PRIMARY KEY)`,
      async (queryRunner) => {
        for (const id of [1, 2]) await queryRunner.query(`INSERT INTO widgets VALUES (${id})`);
      },
      `CREATE INDEX widgets_id_idx ON widgets (id)`,
    ],
    down: [`DROP INDEX widgets_id_idx`, `DROP TABLE widgets`],
  });

  it('names the class and each instance as the migrations table records it', () => {
    expect(Widgets1700000000000.name).toBe('Widgets1700000000000');
    expect(new Widgets1700000000000().name).toBe('Widgets1700000000000');
  });

  it('runs its statements and code steps in the order written, up and down', async () => {
    const { ran, runner } = recordingRunner();
    const migration = new Widgets1700000000000();
    await migration.up(runner);
    await migration.down(runner);
    expect(ran).toEqual([
      `CREATE TABLE widgets (id int PRIMARY KEY)`,
      `INSERT INTO widgets VALUES (1)`,
      `INSERT INTO widgets VALUES (2)`,
      `CREATE INDEX widgets_id_idx ON widgets (id)`,
      `DROP INDEX widgets_id_idx`,
      `DROP TABLE widgets`,
    ]);
  });

  it('stops at a failing step and rejects, so the migration’s transaction rolls back', async () => {
    const { ran, runner } = recordingRunner(`INSERT INTO widgets VALUES (2)`);
    await expect(new Widgets1700000000000().up(runner)).rejects.toThrow(
      'failed: INSERT INTO widgets VALUES (2)',
    );
    expect(ran).toEqual([
      `CREATE TABLE widgets (id int PRIMARY KEY)`,
      `INSERT INTO widgets VALUES (1)`,
    ]);
  });

  it('refuses a name that does not end in a 13-digit timestamp', () => {
    expect(() => sqlMigration({ name: 'Widgets', up: ['SELECT 1'], down: ['SELECT 1'] })).toThrow(
      'migration Widgets does not end in a 13-digit timestamp',
    );
  });

  it('refuses a migration without a way down', () => {
    expect(() =>
      sqlMigration({ name: 'Widgets1700000000000', up: ['SELECT 1'], down: [] }),
    ).toThrow('migration Widgets1700000000000 needs at least one step up and one step down');
  });
});
