import { provisionServiceDatabase } from './provision';
import { runMigrations, type MigrationDirection } from './migration-runner';
import { createServiceDataSource } from './service-database';
import { loadDatabaseSettings } from './database-config';

type MigrateCommandOptions = {
  service: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  argv?: string[];
  env?: Record<string, string | undefined>;
  out?: (line: string) => void;
};

const usage = 'usage: migrate [up|down|status] [--no-provision]';

/**
 * The body of every service's `migrate` command. `up` first makes sure the service's role and
 * schema exist (as the admin user), then applies migrations as the service's own role.
 */
export async function runMigrationCommand(options: MigrateCommandOptions): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const argv = options.argv ?? process.argv.slice(2);
  const direction = (argv.find((a) => !a.startsWith('--')) ?? 'up') as MigrationDirection;
  if (!['up', 'down', 'status'].includes(direction)) {
    out(`unknown direction "${direction}". ${usage}`);
    return 2;
  }
  const settings = loadDatabaseSettings(options.schema, options.env);
  if (direction === 'up' && !argv.includes('--no-provision')) {
    out(`[${options.service}] provisioning role ${settings.role} and schema ${settings.schema}`);
    await provisionServiceDatabase({ ...settings, adminUrl: settings.adminUrl });
  }
  const dataSource = createServiceDataSource({
    service: options.service,
    schema: settings.schema,
    url: settings.url,
    poolSize: 2,
    migrations: options.migrations,
  });
  try {
    const report = await runMigrations(dataSource, direction);
    if (direction === 'status') {
      out(`[${options.service}] applied: ${report.applied.join(', ') || 'none'}`);
      out(`[${options.service}] pending: ${report.pending.join(', ') || 'none'}`);
    } else {
      out(
        `[${options.service}] migrations ${direction}: ${report.applied.join(', ') || 'nothing to do'}`,
      );
    }
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
