import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Db, type Dialect, openDatabase } from "../../src/db/database.js";

/** Both databases the ledger supports; every ledger test runs against each. */
export const DIALECTS: Dialect[] = ["sqlite", "postgres"];

/** Admin connection used to create and drop per-test databases. */
export const PG_ADMIN_URL = process.env.DUBAN_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

let counter = 0;

export interface TestDb extends Db {
  /** sqlite: the file path; postgres: the connection URL of the fresh database. */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given dialect, private to the caller. */
export async function freshDb(dialect: Dialect): Promise<TestDb> {
  const name = `duban_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "duban-test-"));
    const path = join(dir, "duban.sqlite");
    const db = await openDatabase({ dialect: "sqlite", path });
    return {
      ...db,
      url: `sqlite:${path}`,
      drop: async () => {
        await db.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new pg.Client(PG_ADMIN_URL);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const db = await openDatabase({ dialect: "postgres", url });
  return {
    ...db,
    url,
    drop: async () => {
      await db.close().catch(() => {});
      const c = new pg.Client(PG_ADMIN_URL);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
