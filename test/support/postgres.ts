import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** `postgres://u@h:p/db` with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The prefix of the databases one run clones from its template (its teardown drops only those). */
export function clonePrefix(template: string): string {
  return `servio_test_${template.replace(/^servio_template_/, '')}_`;
}

/** Creates a database cloned from the migrated template and returns its URL. */
export async function databaseUrlFor(adminUrl: string, template: string): Promise<string> {
  const name = `${clonePrefix(template)}${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // CREATE DATABASE ... TEMPLATE needs the template to have no other connections; retry briefly if busy.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        if (attempt > 50 || !String(error).includes('being accessed')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}
