import { Client } from 'pg';
import { assertSchemaName } from './service-database';

export type ProvisionOptions = {
  /** A superuser (or CREATEROLE + CREATEDB) connection, e.g. postgres://postgres@127.0.0.1:5432/postgres */
  adminUrl: string;
  database: string;
  schema: string;
  role: string;
  password: string;
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Creates (idempotently) the database, the service's login role and its schema, owned by that
 * role. The role gets no rights on any other schema, so a service cannot read another's tables.
 */
export async function provisionServiceDatabase(options: ProvisionOptions): Promise<void> {
  assertSchemaName(options.schema);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.role))
    throw new Error(`invalid role name "${options.role}"`);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.database))
    throw new Error(`invalid database name "${options.database}"`);

  const admin = new Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      options.database,
    ]);
    if (db.rowCount === 0) {
      await admin
        .query(`CREATE DATABASE ${quoteIdent(options.database)}`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created concurrently
        });
    }
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`omni-provision-${options.role}`]);
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [options.role]);
    const verb = role.rowCount === 0 ? 'CREATE' : 'ALTER';
    await admin.query(
      `${verb} ROLE ${quoteIdent(options.role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(options.password)}`,
    );
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [
      `omni-provision-${options.role}`,
    ]);
  } finally {
    await admin.end();
  }

  const target = new URL(options.adminUrl);
  target.pathname = `/${options.database}`;
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  try {
    // Revoking on schema public rewrites its one ACL row too, so all of it goes under the lock.
    await withDatabaseAclLock(client, async () => {
      await client.query(
        `GRANT CONNECT ON DATABASE ${quoteIdent(options.database)} TO ${quoteIdent(options.role)}`,
      );
      await client.query(
        `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)} AUTHORIZATION ${quoteIdent(options.role)}`,
      );
      await client.query(`REVOKE ALL ON SCHEMA public FROM ${quoteIdent(options.role)}`);
      await client.query(
        `ALTER ROLE ${quoteIdent(options.role)} IN DATABASE ${quoteIdent(options.database)} SET search_path = ${quoteIdent(options.schema)}`,
      );
    });
  } finally {
    await client.end();
  }
}

/**
 * Runs `change` (GRANTs and REVOKEs on the database or on schema public, such as `DROP OWNED
 * BY`) holding a lock every such change in this database takes. They rewrite one shared ACL row,
 * and two at once fail with "tuple concurrently updated": services provisioning at the same
 * start-up, or a test dropping its role while another provisions.
 */
export async function withDatabaseAclLock<T>(client: Client, change: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('omni-database-acl'))`);
    const result = await change();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
