import { type Kysely, sql } from "kysely";

/**
 * Full-text search through an id-ordered posting table, on both databases: one row per (token, fact) with
 * the primary key (token, fact_id). A page of results walks the postings of the query's rarest token in id
 * order and stops when the page is full, so a common bigram (生产 is in one fact of thirty) costs no more
 * than a rare one. It replaces SQLite's FTS5 table (rowid order, not id order, and slower on multi-token
 * queries) and PostgreSQL's GIN index (no order at all: a common bigram meant sorting tens of thousands of
 * matches). Triggers keep the postings in step with facts.search_text whoever writes facts.
 */
export async function up(db: Kysely<unknown>, dialect: "sqlite" | "postgres"): Promise<void> {
  if (dialect === "sqlite") {
    // WITHOUT ROWID: the table is its primary-key b-tree, so a walk reads postings and nothing else.
    await sql`CREATE TABLE fact_postings (token text NOT NULL, fact_id text NOT NULL, PRIMARY KEY (token, fact_id)) WITHOUT ROWID`.execute(
      db,
    );
    // search_text is space-separated tokens; json_quote + replace turns it into a JSON array whatever it holds.
    const tokensOf = (col: string) =>
      sql.raw(`json_each('[' || replace(json_quote(${col}), ' ', '","') || ']')`);
    await sql`INSERT INTO fact_postings (token, fact_id) SELECT DISTINCT j.value, f.id FROM facts f, ${tokensOf("f.search_text")} j WHERE j.value <> '' ORDER BY 1, 2`.execute(
      db,
    );
    const add = sql`INSERT OR IGNORE INTO fact_postings (token, fact_id) SELECT j.value, new.id FROM ${tokensOf("new.search_text")} j WHERE j.value <> ''`;
    const remove = sql`DELETE FROM fact_postings WHERE fact_id = old.id AND token IN (SELECT j.value FROM ${tokensOf("old.search_text")} j)`;
    await sql`CREATE TRIGGER fact_postings_insert AFTER INSERT ON facts BEGIN ${add}; END`.execute(db);
    await sql`CREATE TRIGGER fact_postings_delete AFTER DELETE ON facts BEGIN ${remove}; END`.execute(db);
    await sql`CREATE TRIGGER fact_postings_update AFTER UPDATE OF id, search_text ON facts BEGIN ${remove}; ${add}; END`.execute(
      db,
    );
    await sql`DROP TRIGGER facts_fts_insert`.execute(db);
    await sql`DROP TRIGGER facts_fts_delete`.execute(db);
    await sql`DROP TRIGGER facts_fts_update`.execute(db);
    await sql`DROP TABLE facts_fts`.execute(db);
    await sql`ANALYZE fact_postings`.execute(db);
    return;
  }
  // The key is added after the backfill: building it once from sorted rows beats growing it row by row.
  await sql`CREATE TABLE fact_postings (token text NOT NULL, fact_id text NOT NULL)`.execute(db);
  await sql`INSERT INTO fact_postings (token, fact_id) SELECT DISTINCT t, f.id FROM facts f, unnest(string_to_array(f.search_text, ' ')) t WHERE t <> '' ORDER BY 1, 2`.execute(
    db,
  );
  await sql`ALTER TABLE fact_postings ADD PRIMARY KEY (token, fact_id)`.execute(db);
  // Statement-level triggers: an ingest inserts facts a hundred at a time, and one set-based statement per
  // batch costs far less than a trigger call per fact. In key order, each page of the key is visited once.
  await sql`CREATE FUNCTION fact_postings_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO fact_postings (token, fact_id)
      SELECT DISTINCT t, n.id FROM new_facts n, unnest(string_to_array(n.search_text, ' ')) t WHERE t <> ''
      ORDER BY 1, 2
      ON CONFLICT DO NOTHING;
    RETURN NULL; END $$`.execute(db);
  // Probing the key per (token, fact) is always right for a delete; a planner that misjudges the transition
  // table could otherwise hash-join it against every posting.
  await sql`CREATE FUNCTION fact_postings_remove() RETURNS trigger LANGUAGE plpgsql
    SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$ BEGIN
    DELETE FROM fact_postings p USING old_facts o
      WHERE p.token = ANY (string_to_array(o.search_text, ' ')) AND p.fact_id = o.id;
    RETURN NULL; END $$`.execute(db);
  await sql`CREATE FUNCTION fact_postings_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    DELETE FROM fact_postings WHERE token = ANY (string_to_array(OLD.search_text, ' ')) AND fact_id = OLD.id;
    INSERT INTO fact_postings (token, fact_id)
      SELECT DISTINCT t, NEW.id FROM unnest(string_to_array(NEW.search_text, ' ')) t WHERE t <> ''
      ON CONFLICT DO NOTHING;
    RETURN NULL; END $$`.execute(db);
  await sql`CREATE TRIGGER fact_postings_insert AFTER INSERT ON facts REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION fact_postings_add()`.execute(
    db,
  );
  await sql`CREATE TRIGGER fact_postings_delete AFTER DELETE ON facts REFERENCING OLD TABLE AS old_facts FOR EACH STATEMENT EXECUTE FUNCTION fact_postings_remove()`.execute(
    db,
  );
  // Facts are updated often (versions, indicator links) but their search text practically never.
  await sql`CREATE TRIGGER fact_postings_update AFTER UPDATE OF id, search_text ON facts FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.search_text IS DISTINCT FROM NEW.search_text) EXECUTE FUNCTION fact_postings_change()`.execute(
    db,
  );
  await sql`DROP INDEX facts_search`.execute(db);
  await sql`ALTER TABLE facts DROP COLUMN search_tsv`.execute(db);
  // Statistics for plans that combine a search with filters. The default target is enough: a longer list
  // of common tokens costs planning time on every search.
  await sql`ANALYZE fact_postings`.execute(db);
}
