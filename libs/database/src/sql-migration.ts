import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One step of a migration: a SQL statement, or code for what statements alone cannot say. */
export type MigrationStep = string | ((queryRunner: QueryRunner) => Promise<void>);

export type MigrationSteps = {
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
 * A migration from its steps, run one after another in order. `name` is what the `migrations`
 * table records and what orders migrations (its last 13 digits are a timestamp), so the class
 * and its instances both bear it, and a landed migration keeps it forever.
 */
export function sqlMigration(name: string, steps: MigrationSteps): SqlMigrationClass {
  if (!/\d{13}$/.test(name))
    throw new Error(`migration ${name} does not end in a 13-digit timestamp`);
  if (steps.up.length === 0 || steps.down.length === 0)
    throw new Error(`migration ${name} needs at least one step up and one step down`);
  const migration = class implements MigrationInterface {
    readonly name = name;

    up(queryRunner: QueryRunner): Promise<void> {
      return runSteps(queryRunner, steps.up);
    }

    down(queryRunner: QueryRunner): Promise<void> {
      return runSteps(queryRunner, steps.down);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
