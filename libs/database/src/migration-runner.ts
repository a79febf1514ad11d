import type { DataSource } from 'typeorm';

export type MigrationDirection = 'up' | 'down' | 'status';

export type MigrationReport = {
  direction: MigrationDirection;
  applied: string[];
  pending: string[];
};

/** Runs pending migrations (up), reverts the last one (down), or reports what is pending. */
export async function runMigrations(
  dataSource: DataSource,
  direction: MigrationDirection,
): Promise<MigrationReport> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const all = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  const { schema } = dataSource.driver;
  const executedNames = async () =>
    (await dataSource
      .query(`SELECT name FROM "${schema}".migrations ORDER BY id`)
      .catch(() => [])) as {
      name: string;
    }[];
  if (direction === 'up') {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return { direction, applied: ran.map((m) => m.name), pending: [] };
  }
  if (direction === 'down') {
    const before = (await executedNames()).map((r) => r.name);
    await dataSource.undoLastMigration({ transaction: 'each' });
    const after = new Set((await executedNames()).map((r) => r.name));
    return { direction, applied: before.filter((n) => !after.has(n)), pending: [] };
  }
  const executed = new Set((await executedNames()).map((r) => r.name));
  return {
    direction,
    applied: all.filter((n) => executed.has(n)),
    pending: all.filter((n) => !executed.has(n)),
  };
}
