/** Creating a PostgreSQL schema when several instances start at once. */
import { Pool } from 'pg';

/**
 * Creates `schema` if missing. `CREATE SCHEMA IF NOT EXISTS` run by two sessions at once can fail in one of them
 * (a unique violation on the catalogue), so it runs under a transaction-scoped advisory lock.
 */
export async function createPgSchema(connectionString: string, schema: string): Promise<void> {
  const setup = new Pool({ connectionString, max: 1 });
  const client = await setup.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('compensa.create_schema'))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
    await setup.end();
  }
}
