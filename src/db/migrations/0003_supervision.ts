import type { ColumnDefinitionBuilder, Kysely } from "kysely";

/**
 * The 督办 cycle: sign-off (签收), periodic reporting with review (审核), closure (办结销号), extensions (延期)
 * and returns (退回); the per-region, versioned status rules; the working-day calendar's local overrides; and
 * the task history every step writes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const ts = "text";

  // SQLite adds one column per ALTER TABLE statement.
  const addColumns = async (
    table: string,
    columns: Array<[string, "text" | "integer", ((c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder)?]>,
  ): Promise<void> => {
    for (const [name, type, build] of columns)
      await s
        .alterTable(table)
        .addColumn(name, type, build ?? ((c) => c))
        .execute();
  };

  await addColumns("assignments", [
    // 签收: due by a number of working days after 交办; null until the rules give one.
    ["ack_due_date", "text"],
    ["acknowledged_at", ts],
    ["acknowledged_by", "text"],
    // 填报 cycle: monthly | quarterly | milestone; the day of the month a report is due.
    ["report_cycle", "text", (c) => c.notNull().defaultTo("monthly")],
    ["report_day", "integer"],
    ["closure_requested_at", ts],
    ["closed_at", ts],
    // What the status engine last computed: green | blue | yellow | red | done, and why (JSON).
    ["colour", "text", (c) => c.notNull().defaultTo("green")],
    ["colour_detail", "text"],
    ["colour_at", ts],
    // 0 none, 1 催办单 sent to the department's head, 2 on the supervisor's red list.
    ["escalation_level", "integer", (c) => c.notNull().defaultTo(0)],
  ]);
  await s.createIndex("assignments_colour").on("assignments").columns(["colour", "deadline"]).execute();

  await addColumns("progress_entries", [
    // progress: a periodic report; closure: a request to close (办结) with its evidence.
    ["kind", "text", (c) => c.notNull().defaultTo("progress")],
    // The reporting period it answers: "2026-03" (monthly), "2026-Q1" (quarterly), a milestone id, or null.
    ["period_key", "text"],
    // pending | accepted | returned
    ["review_status", "text", (c) => c.notNull().defaultTo("pending")],
    ["reviewed_by", "text"],
    ["reviewed_at", ts],
    ["review_reason", "text"],
  ]);
  await s
    .createIndex("progress_review")
    .on("progress_entries")
    .columns(["review_status", "assignment_id"])
    .execute();

  await addColumns("departments", [["head_user_id", "text"]]);
  await addColumns("users", [
    ["email", "text"],
    ["phone", "text"],
  ]);

  await s
    .createTable("extension_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("assignment_id", "text", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("requested_by", "text", (c) => c.references("users.id"))
    .addColumn("current_deadline", "text")
    .addColumn("requested_deadline", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    // pending | approved | refused
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", ts)
    .addColumn("decision_reason", "text")
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await s
    .createIndex("extension_requests_assignment")
    .on("extension_requests")
    .columns(["assignment_id", "status"])
    .execute();

  // The task's history as the cycle sees it (交办, 签收, 填报, 审核, 延期, 退回, 办结, colour changes,
  // reminders and escalations). The audit log keeps the row-level record; this is what users read.
  await s
    .createTable("assignment_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("assignment_id", "text", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("at", ts, (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text")
    .addColumn("detail", "text")
    .execute();
  await s
    .createIndex("assignment_events_assignment")
    .on("assignment_events")
    .columns(["assignment_id", "at"])
    .execute();

  // Status rules are data: per region (null = everywhere), in force from a date; a past date is judged by the
  // rules in force then. The JSON's shape is `SupervisionRules` in src/contract/api/supervision.ts.
  await s
    .createTable("supervision_rules")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    .addColumn("effective_from", "text", (c) => c.notNull())
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await s
    .createIndex("supervision_rules_region")
    .on("supervision_rules")
    .columns(["region_id", "effective_from"])
    .execute();

  // Local corrections to the built-in Chinese calendar (src/core/calendar): a day made a holiday or a working
  // day by a local notice.
  await s
    .createTable("calendar_days")
    .addColumn("day", "text", (c) => c.primaryKey())
    // holiday | workday
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
}
