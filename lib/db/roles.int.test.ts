import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { sql, superuserSql } from "@/tests/support/db";
import { APP_ROLE, auditGuardBypasses, grantAppPrivileges } from "./roles";

let app: pg.Client;
let superuser: pg.Client;
beforeAll(async () => {
  app = await sql();
  superuser = await superuserSql();
});
afterAll(async () => Promise.all([app.end(), superuser.end()]));

describe("database roles", () => {
  it("tells which connections could get around the audit log's guard", async () => {
    expect(await auditGuardBypasses(app)).toEqual([]);
    expect(await auditGuardBypasses(superuser)).toEqual(["it is a superuser"]);

    await superuser.query("begin");
    try {
      await superuser.query("create role opsdeck_test_owner");
      await superuser.query("alter table audit_log owner to opsdeck_test_owner");
      await superuser.query("set local role opsdeck_test_owner");
      expect(await auditGuardBypasses(superuser)).toEqual([
        "it owns the audit_log table (or is a member of opsdeck_test_owner)",
      ]);
    } finally {
      await superuser.query("rollback");
    }
  });

  it("grants the app's role rows of every table, new ones included, and only appends on the audit tables", async () => {
    await superuser.query("create table granted_later (id int primary key, note text)");
    await expect(app.query("insert into granted_later values (1, 'x')")).rejects.toThrow(/permission denied/);
    await grantAppPrivileges(superuser, APP_ROLE);
    await grantAppPrivileges(superuser, APP_ROLE); // idempotent
    await app.query("insert into granted_later values (1, 'x')");
    await app.query("update granted_later set note = 'y'");
    await app.query("delete from granted_later");
    await expect(app.query("truncate granted_later")).rejects.toThrow(/permission denied/);

    const { rows } = await superuser.query<{ table_name: string; privileges: string }>(
      `select table_name, string_agg(privilege_type, ',' order by privilege_type) as privileges
         from information_schema.role_table_grants
        where grantee = $1 and table_name in ('audit_log', 'audit_checkpoints', '_prisma_migrations', 'users')
        group by table_name order by table_name`,
      [APP_ROLE],
    );
    expect(rows).toEqual([
      { table_name: "_prisma_migrations", privileges: "SELECT" },
      { table_name: "audit_checkpoints", privileges: "INSERT,SELECT" },
      { table_name: "audit_log", privileges: "INSERT,SELECT" },
      { table_name: "users", privileges: "DELETE,INSERT,SELECT,UPDATE" },
    ]);
  });
});
