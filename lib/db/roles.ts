// The database roles Opsdeck runs with (docs/adr/0004): migrations run as the role that owns the tables
// (or a superuser); the app connects as a role of its own that may only read and write rows, and on the
// audit tables only read and insert. It owns nothing, so it cannot disable, drop or replace the
// append-only triggers, truncate, or switch triggers off with session_replication_role.
import pg from "pg";

/** The app's role in the embedded PostgreSQL; with your own server, any name (README, "Database roles"). */
export const APP_ROLE = "opsdeck_app";

/** Tables the app may only read and append to. */
const APPEND_ONLY_TABLES = ["audit_log", "audit_checkpoints"];
/** Kept by the migrator; the app only reads it (readiness compares it with its build's migrations). */
const MIGRATIONS_TABLE = "_prisma_migrations";

const ident = (name: string) => pg.escapeIdentifier(name);

/** Creates the app's login role if it does not exist, and sets its password (run as a superuser). */
export async function ensureAppRole(admin: pg.ClientBase, name: string, password: string): Promise<void> {
  const definition = `${ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${pg.escapeLiteral(password)}`;
  try {
    await admin.query(`CREATE ROLE ${definition}`);
  } catch (error) {
    // It exists (or another process just created it): keep its attributes and password as they should be.
    if ((error as { code?: string }).code !== "42710") throw error;
    await admin.query(`ALTER ROLE ${definition}`);
  }
}

/**
 * Gives the app's role exactly what it needs on every table and sequence of the schema, after each
 * migration run (so new tables are covered): rows of ordinary tables, reading and inserting on the audit
 * tables, reading the migrations table. Run by the owner of the tables; idempotent.
 */
export async function grantAppPrivileges(owner: pg.ClientBase, role: string): Promise<void> {
  const r = ident(role);
  const schema = ident((await owner.query<{ s: string }>("select current_schema() as s")).rows[0]!.s);
  const tables = (
    await owner.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = current_schema() order by tablename",
    )
  ).rows.map((t) => t.name);
  await owner.query("begin");
  try {
    await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${r}`);
    for (const table of tables) {
      const privileges = APPEND_ONLY_TABLES.includes(table)
        ? "SELECT, INSERT"
        : table === MIGRATIONS_TABLE
          ? "SELECT"
          : "SELECT, INSERT, UPDATE, DELETE";
      await owner.query(`REVOKE ALL ON ${ident(table)} FROM ${r}`);
      await owner.query(`GRANT ${privileges} ON ${ident(table)} TO ${r}`);
    }
    await owner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${r}`);
    await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${r}`);
    await owner.query("commit");
  } catch (error) {
    await owner.query("rollback").catch(() => undefined);
    throw error;
  }
}

/** The role a connection string signs in as, and whether it is a superuser. */
export async function connectionRole(
  connectionString: string,
): Promise<{ name: string; superuser: boolean }> {
  const client = new pg.Client({ connectionString, application_name: "opsdeck-migrate" });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; superuser: boolean }>(
      "select current_user as name, rolsuper as superuser from pg_roles where rolname = current_user",
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

/**
 * Why this connection could get around the audit log's append-only guard, one reason per line; empty
 * when it cannot. Checked at start-up and by the launcher, which warn.
 */
export async function auditGuardBypasses(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{
    superuser: boolean;
    owner: string | null;
    owns: boolean | null;
    may_truncate: boolean | null;
    may_delete: boolean | null;
  }>(`
    select r.rolsuper as superuser,
           pg_get_userbyid(c.relowner) as owner,
           pg_has_role(current_user, c.relowner, 'USAGE') as owns,
           has_table_privilege(current_user, c.oid, 'TRUNCATE') as may_truncate,
           has_table_privilege(current_user, c.oid, 'DELETE') as may_delete
      from pg_roles r
      left join pg_class c on c.oid = to_regclass('audit_log')
     where r.rolname = current_user`);
  const row = rows[0];
  if (!row) return [];
  const reasons: string[] = [];
  if (row.superuser) reasons.push("it is a superuser");
  else if (row.owns) reasons.push(`it owns the audit_log table (or is a member of ${row.owner})`);
  else {
    if (row.may_truncate) reasons.push("it may TRUNCATE audit_log");
    if (row.may_delete) reasons.push("it may DELETE from audit_log");
  }
  return reasons;
}
