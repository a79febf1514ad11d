import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One step of a migration: a SQL statement, or code for what statements alone cannot say. */
export type MigrationStep = string | ((queryRunner: QueryRunner) => Promise<void>);

export type SqlMigrationDefinition = {
  /** The class name TypeORM records in the `migrations` table, ending in a 13-digit timestamp. */
  name: string;
  up: readonly MigrationStep[];
  down: readonly MigrationStep[];
};

/** What TypeORM's `migrations` option takes: a class whose instances carry their name. */
export type SqlMigrationClass = new () => MigrationInterface & { readonly name: string };

async function runSteps(queryRunner: QueryRunner, steps: readonly MigrationStep[]): Promise<void> {
  for (const step of steps) {
    if (typeof step === 'string') await queryRunner.query(step);
    else await step(queryRunner);
  }
}

/**
 * A migration class from its steps, run one after another in order. `name` is what the
 * `migrations` table records and what orders migrations (its last 13 digits), so the class and
 * its instances both bear it, and a landed migration keeps it forever.
 */
export function sqlMigration({ name, up, down }: SqlMigrationDefinition): SqlMigrationClass {
  if (!/\d{13}$/.test(name))
    throw new Error(`migration ${name} does not end in a 13-digit timestamp`);
  if (up.length === 0 || down.length === 0)
    throw new Error(`migration ${name} needs at least one step up and one step down`);
  const migration = class implements MigrationInterface {
    readonly name = name;

    up(queryRunner: QueryRunner): Promise<void> {
      return runSteps(queryRunner, up);
    }

    down(queryRunner: QueryRunner): Promise<void> {
      return runSteps(queryRunner, down);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
