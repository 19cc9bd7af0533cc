import { type Kysely, sql } from "kysely";

/** The ledger's first schema. Portable types only; the few dialect differences are marked where they occur. */
export async function up(db: Kysely<unknown>, dialect: "sqlite" | "postgres"): Promise<void> {
  const s = db.schema;
  const ts = "text";
  const real = "double precision";

  await s
    .createTable("regions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("parent_id", "text", (c) => c.references("regions.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  // Names are unique among a parent's children, top-level regions included (NULLs never collide in a plain
  // unique index, hence the coalesce).
  await s
    .createIndex("regions_name_parent")
    .on("regions")
    .expression(sql`name, coalesce(parent_id, '')`)
    .unique()
    .execute();
  // Scope resolution walks the tree downwards (WITH RECURSIVE … parent_id = …).
  await s.createIndex("regions_parent").on("regions").column("parent_id").execute();

  await s
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    .addColumn("department_id", "text")
    .addColumn("failed_logins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", ts)
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await s
    .createTable("reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("sha256", "text", (c) => c.notNull().unique())
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    .addColumn("title", "text")
    .addColumn("region_name", "text")
    .addColumn("report_date", "text")
    .addColumn("summary_year", "integer")
    .addColumn("plan_year", "integer")
    .addColumn("source_path", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("encoding", "text", (c) => c.notNull())
    .addColumn("script", "text", (c) => c.notNull())
    .addColumn("chars", "integer", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("extractor_version", "text", (c) => c.notNull())
    .addColumn("published", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("deleted_at", ts)
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex("reports_region_year").on("reports").columns(["region_id", "plan_year"]).execute();

  await s
    .createTable("sections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("report_id", "text", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("ext_id", "text", (c) => c.notNull())
    .addColumn("parent_ext_id", "text")
    .addColumn("heading", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("start_pos", "integer", (c) => c.notNull())
    .addColumn("end_pos", "integer", (c) => c.notNull())
    .execute();
  await s.createIndex("sections_report").on("sections").column("report_id").execute();

  await s
    .createTable("indicators")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("category", "text")
    .addColumn("unit", "text")
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await s
    .createTable("indicator_synonyms")
    .addColumn("synonym", "text", (c) => c.primaryKey())
    .addColumn("indicator_id", "text", (c) => c.notNull().references("indicators.id").onDelete("cascade"))
    .execute();

  await s
    .createTable("facts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("report_id", "text", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("ext_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("indicator", "text")
    .addColumn("indicator_id", "text", (c) => c.references("indicators.id").onDelete("set null"))
    .addColumn("subject", "text")
    .addColumn("measure", "text", (c) => c.notNull())
    .addColumn("value", real, (c) => c.notNull())
    .addColumn("value_max", real)
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("normalized_value", real)
    .addColumn("normalized_unit", "text")
    .addColumn("comparator", "text", (c) => c.notNull())
    .addColumn("basis", "text")
    .addColumn("period_from", "integer")
    .addColumn("period_to", "integer")
    .addColumn("section_ext_id", "text")
    .addColumn("section_role", "text")
    .addColumn("quote", "text", (c) => c.notNull())
    .addColumn("start_pos", "integer", (c) => c.notNull())
    .addColumn("end_pos", "integer", (c) => c.notNull())
    .addColumn("region_id", "text")
    .addColumn("plan_year", "integer")
    .addColumn("search_text", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex("facts_report").on("facts").columns(["report_id", "start_pos"]).execute();
  await s.createIndex("facts_filter").on("facts").columns(["region_id", "plan_year", "kind", "id"]).execute();
  await s.createIndex("facts_indicator").on("facts").columns(["indicator_id", "id"]).execute();
  await s.createIndex("facts_indicator_name").on("facts").columns(["indicator", "id"]).execute();
  await s.createIndex("facts_kind").on("facts").columns(["kind", "id"]).execute();

  await s
    .createTable("fact_corrections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("fact_id", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("changes", "text", (c) => c.notNull())
    .addColumn("not_a_fact", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await s.createIndex("fact_corrections_fact").on("fact_corrections").columns(["fact_id", "id"]).execute();

  await s
    .createTable("tasks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("report_id", "text", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("ext_id", "text", (c) => c.notNull())
    .addColumn("group_name", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("section_ext_id", "text")
    .addColumn("deadline", "text")
    .addColumn("fact_ext_ids", "text", (c) => c.notNull())
    .addColumn("start_pos", "integer", (c) => c.notNull())
    .addColumn("end_pos", "integer", (c) => c.notNull())
    .addColumn("region_id", "text")
    .addColumn("plan_year", "integer")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex("tasks_report").on("tasks").columns(["report_id", "start_pos"]).execute();
  await s.createIndex("tasks_filter").on("tasks").columns(["region_id", "plan_year", "id"]).execute();

  await s
    .createTable("departments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("short_name", "text")
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await s
    .createIndex("departments_region_name")
    .on("departments")
    .columns(["region_id", "name"])
    .unique()
    .execute();

  await s
    .createTable("assignments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
    .addColumn("lead_department_id", "text", (c) => c.notNull().references("departments.id"))
    .addColumn("deadline", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex("assignments_task").on("assignments").column("task_id").unique().execute();
  await s
    .createIndex("assignments_lead")
    .on("assignments")
    .columns(["lead_department_id", "deadline"])
    .execute();
  await s
    .createTable("assignment_departments")
    .addColumn("assignment_id", "text", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("department_id", "text", (c) => c.notNull().references("departments.id"))
    .addPrimaryKeyConstraint("assignment_departments_pk", ["assignment_id", "department_id"])
    .execute();
  await s
    .createTable("milestones")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("assignment_id", "text", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("due_date", "text")
    .addColumn("done_at", ts)
    .execute();
  await s
    .createTable("progress_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("assignment_id", "text", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    .addColumn("percent", "integer", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await s
    .createIndex("progress_assignment")
    .on("progress_entries")
    .columns(["assignment_id", "id"])
    .execute();
  await s
    .createTable("evidence_files")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    // Stored in the database so every server instance sees every file (blob / bytea).
    .addColumn("content", dialect === "sqlite" ? "blob" : "bytea", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await s
    .createTable("progress_evidence")
    .addColumn("progress_id", "text", (c) =>
      c.notNull().references("progress_entries.id").onDelete("cascade"),
    )
    .addColumn("evidence_id", "text", (c) => c.notNull().references("evidence_files.id"))
    .addPrimaryKeyConstraint("progress_evidence_pk", ["progress_id", "evidence_id"])
    .execute();

  await s
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("last_seen_at", ts, (c) => c.notNull())
    .execute();
  await s
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("last_used_at", ts)
    .addColumn("revoked_at", ts)
    .execute();
  await s
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("window_start", ts, (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .execute();

  await s
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("at", ts, (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await s.createIndex("audit_entity").on("audit_log").columns(["entity_type", "entity_id", "id"]).execute();

  // The audit log is append-only: the database itself refuses to change or remove an entry.
  if (dialect === "sqlite") {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(
      db,
    );
    // Full-text index over character bigrams (see core/text/search.ts), kept in step with facts by triggers.
    await sql`CREATE VIRTUAL TABLE facts_fts USING fts5(search_text, content = 'facts', content_rowid = 'rowid', tokenize = 'unicode61')`.execute(
      db,
    );
    await sql`CREATE TRIGGER facts_fts_insert AFTER INSERT ON facts BEGIN INSERT INTO facts_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER facts_fts_delete AFTER DELETE ON facts BEGIN INSERT INTO facts_fts(facts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER facts_fts_update AFTER UPDATE OF search_text ON facts BEGIN INSERT INTO facts_fts(facts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); INSERT INTO facts_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END`.execute(
      db,
    );
  } else {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(
      db,
    );
    // A stored tsvector column (not just an expression index) gives the planner element statistics, so it
    // knows a common bigram from a rare one and walks the id index instead of sorting thousands of matches.
    await sql`ALTER TABLE facts ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED`.execute(
      db,
    );
    await sql`CREATE INDEX facts_search ON facts USING gin (search_tsv)`.execute(db);
    // Enough element statistics to know the share of every bigram down to about one fact in ten thousand.
    await sql`ALTER TABLE facts ALTER COLUMN search_tsv SET STATISTICS 1000`.execute(db);
  }
}
