import { type Kysely, sql } from "kysely";

/**
 * The status engine rewrites colour, colour_detail and colour_at of up to every assignment in one run. An index
 * on colour made each of those writes update the index too, and on PostgreSQL it ruled out heap-only (HOT)
 * updates, so every index of the table was written for every row. A list filtered by colour walks assignments
 * in id order and stops when its page is full, which needs no such index. PostgreSQL also leaves a fifth of
 * each new page free, so a row's new version can stay on its page (the HOT condition).
 */
export async function up(db: Kysely<unknown>, dialect: "sqlite" | "postgres"): Promise<void> {
  await db.schema.dropIndex("assignments_colour").ifExists().execute();
  if (dialect === "postgres") await sql`ALTER TABLE assignments SET (fillfactor = 80)`.execute(db);
}
