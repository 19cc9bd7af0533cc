import { type Kysely, sql } from "kysely";

/**
 * The status engine writes the colour of up to every assignment in one run. Kept on assignments, each write
 * made a new version of a wide row, and on PostgreSQL one that left its page, so every index of the table
 * got an entry per row and the WAL the whole row. It now lives in its own narrow table keyed by assignment
 * (ids are time-ordered, so a new assignment's first colour lands at the end of the key); a later colouring
 * rewrites a short row whose only index is its key (heap-only on PostgreSQL, helped by the free fifth of each
 * page). The list filtered by colour walks assignments in id order and stops when its page is full, so no
 * index on colour is wanted.
 */
export async function up(db: Kysely<unknown>, dialect: "sqlite" | "postgres"): Promise<void> {
  // No foreign key: PostgreSQL checks one row by row, locking each assignment (a write to its page and the
  // WAL), which cost more than the insert itself; the writer joins assignments instead, and a trigger removes
  // the colour of a deleted assignment.
  const columns = sql`assignment_id text NOT NULL PRIMARY KEY, version integer NOT NULL, colour text NOT NULL,
    detail text, at text`;
  if (dialect === "sqlite") {
    // WITHOUT ROWID: the table is its key's b-tree, one structure to write and to look up.
    await sql`CREATE TABLE assignment_colours (${columns}) WITHOUT ROWID`.execute(db);
    await sql`CREATE TRIGGER assignment_colours_delete AFTER DELETE ON assignments
      BEGIN DELETE FROM assignment_colours WHERE assignment_id = old.id; END`.execute(db);
  } else {
    await sql`CREATE TABLE assignment_colours (${columns}) WITH (fillfactor = 80)`.execute(db);
    await sql`CREATE FUNCTION assignment_colours_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN DELETE FROM assignment_colours WHERE assignment_id = old.id; RETURN NULL; END $$`.execute(db);
    await sql`CREATE TRIGGER assignment_colours_delete AFTER DELETE ON assignments
      FOR EACH ROW EXECUTE FUNCTION assignment_colours_delete()`.execute(db);
  }
  // Never coloured (green, no detail, never computed) needs no row.
  await sql`INSERT INTO assignment_colours (assignment_id, version, colour, detail, at)
    SELECT id, version, colour, colour_detail, colour_at FROM assignments
    WHERE colour <> 'green' OR colour_detail IS NOT NULL OR colour_at IS NOT NULL
    ORDER BY id`.execute(db);
  await db.schema.dropIndex("assignments_colour").ifExists().execute();
  // SQLite drops one column per statement (and only one no index or trigger names).
  for (const column of ["colour", "colour_detail", "colour_at"])
    await db.schema.alterTable("assignments").dropColumn(column).execute();
}
