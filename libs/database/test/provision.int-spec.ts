import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { provisionServiceDatabase, withDatabaseAclLock } from '../src/provision';
import { runMigrations } from '../src/migration-runner';
import { createServiceDataSource } from '../src/service-database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// Talks to the real local Postgres (started by infra/bin/infra-up.sh).
const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE widgets (id int PRIMARY KEY)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE widgets`);
  }
}

describe('service database provisioning', () => {
  const suffix = randomBytes(4).toString('hex');
  const schema = `t_db_${suffix}`;
  const other = `t_other_${suffix}`;
  const role = `t_role_${suffix}`;
  const url = `postgres://${role}:pw@127.0.0.1:5432/omni`;

  afterAll(async () => {
    const client = new Client({ connectionString: adminUrl.replace(/\/postgres$/, '/omni') });
    await client.connect();
    await client.query(
      `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${other} CASCADE; DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`,
    );
    await client.end();
  });

  it('creates a role that owns its schema, idempotently, and migrations run and revert as that role', async () => {
    await provisionServiceDatabase({ adminUrl, database: 'omni', schema, role, password: 'pw' });
    await provisionServiceDatabase({ adminUrl, database: 'omni', schema, role, password: 'pw' });
    const ds = createServiceDataSource({
      service: 't',
      schema,
      url,
      migrations: [CreateWidgets1700000000000],
    });
    const up = await runMigrations(ds, 'up');
    expect(up.applied).toEqual(['CreateWidgets1700000000000']);
    const status = await runMigrations(ds, 'status');
    expect(status).toEqual({
      direction: 'status',
      applied: ['CreateWidgets1700000000000'],
      pending: [],
    });
    const [{ owner }] = await ds.query(
      `SELECT tableowner AS owner FROM pg_tables WHERE schemaname = $1 AND tablename = 'widgets'`,
      [schema],
    );
    expect(owner).toBe(role);
    const down = await runMigrations(ds, 'down');
    expect(down.applied).toEqual(['CreateWidgets1700000000000']);
    await ds.destroy();
  });

  it("a service role cannot read another service's schema", async () => {
    const admin = new Client({ connectionString: adminUrl.replace(/\/postgres$/, '/omni') });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${other}; CREATE TABLE ${other}.secrets (v text)`);
    await admin.end();
    const client = new Client({ connectionString: url });
    await client.connect();
    await expect(client.query(`SELECT * FROM ${other}.secrets`)).rejects.toThrow(
      /permission denied/,
    );
    await client.end();
  });

  it('services provisioning at the same moment, and roles dropped meanwhile, all succeed', async () => {
    // Each GRANT on the database and each DROP OWNED rewrites the database's one ACL row.
    const roles = Array.from({ length: 12 }, (_, i) => `t_many_${suffix}_${i}`);
    await Promise.all(
      roles.map((name) =>
        provisionServiceDatabase({
          adminUrl,
          database: 'omni',
          schema: name,
          role: name,
          password: 'pw',
        }),
      ),
    );
    const dropOne = async (name: string) => {
      const client = new Client({ connectionString: adminUrl.replace(/\/postgres$/, '/omni') });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA ${name} CASCADE`);
        await withDatabaseAclLock(client, () => client.query(`DROP OWNED BY ${name}`));
        await client.query(`DROP ROLE ${name}`);
      } finally {
        await client.end();
      }
    };
    const later = roles.map((name) => `${name}_b`);
    await Promise.all([
      ...roles.map(dropOne),
      ...later.map((name) =>
        provisionServiceDatabase({
          adminUrl,
          database: 'omni',
          schema: name,
          role: name,
          password: 'pw',
        }),
      ),
    ]);
    await Promise.all(later.map(dropOne));
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    const left = await admin.query(`SELECT rolname FROM pg_roles WHERE rolname LIKE $1`, [
      `t_many_${suffix}_%`,
    ]);
    await admin.end();
    expect(left.rows).toEqual([]);
  });

  it('refuses the public schema', () => {
    expect(() => createServiceDataSource({ service: 't', schema: 'public', url })).toThrow(
      /other than "public"/,
    );
  });
});
