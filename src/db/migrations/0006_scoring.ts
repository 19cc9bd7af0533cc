import type { Kysely } from "kysely";

/**
 * 考评: the scoring rubric per region and year (every change a new version; the newest is in force), and the
 * supervisors' quality rating of a closed assignment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  await s
    .createTable("scoring_rubrics")
    .addColumn("id", "text", (c) => c.primaryKey())
    // null: the rubric everywhere that has none of its own (admins set it).
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    // region_id, or "*" for everywhere: NULLs are distinct in a PostgreSQL unique index, "*" is not.
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    // JSON, shaped as `Rubric` in src/contract/api/scoring.ts.
    .addColumn("rubric", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // Two people saving version n+1 of the same rubric: one insert wins, the other is a 409.
  await s
    .createIndex("scoring_rubrics_version")
    .on("scoring_rubrics")
    .columns(["scope", "year", "version"])
    .unique()
    .execute();

  await s
    .createTable("quality_ratings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("assignment_id", "text", (c) =>
      c.notNull().unique().references("assignments.id").onDelete("cascade"),
    )
    // excellent | good | fair | poor
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("rated_by", "text")
    .addColumn("rated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  // Scores, 通报 and 台账 read a region's milestones and a department's co-operations by these columns;
  // without them a large ledger is scanned once per task.
  await s
    .createIndex("milestones_assignment")
    .on("milestones")
    .columns(["assignment_id", "due_date"])
    .execute();
  await s
    .createIndex("assignment_departments_department")
    .on("assignment_departments")
    .columns(["department_id", "assignment_id"])
    .execute();
}
