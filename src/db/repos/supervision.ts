import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from "kysely";
import type { Dialect } from "../database.js";
import type {
  AssignmentEventsTable,
  AssignmentsTable,
  CalendarDaysTable,
  Database,
  ExtensionRequestsTable,
  SupervisionRulesTable,
} from "../schema.js";

type Q = Kysely<Database>;
export type EventRow = Selectable<AssignmentEventsTable> & { actor_name: string | null };
export type ExtensionRow = Selectable<ExtensionRequestsTable> & {
  requested_by_name: string | null;
  decided_by_name: string | null;
};
export type RulesRecord = Selectable<SupervisionRulesTable> & { region_name: string | null };
export type CalendarDayRow = Selectable<CalendarDaysTable>;

/** The cycle's columns of an assignment that a use case changes. */
export type CycleSet = Pick<
  Updateable<AssignmentsTable>,
  | "status"
  | "lead_department_id"
  | "deadline"
  | "ack_due_date"
  | "acknowledged_at"
  | "acknowledged_by"
  | "closure_requested_at"
  | "closed_at"
  | "report_cycle"
> & { updated_at: string };

/** Updates an assignment if it still has `version` (and bumps it); false when someone changed it first. */
export async function cycleUpdate(q: Q, id: string, version: number, set: CycleSet): Promise<boolean> {
  const r = await q
    .updateTable("assignments")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertEvent(q: Q, row: Insertable<AssignmentEventsTable>): Promise<void> {
  await q.insertInto("assignment_events").values(row).execute();
}

/** An assignment's history, oldest first. */
export async function eventsOf(q: Q, assignmentId: string): Promise<EventRow[]> {
  return q
    .selectFrom("assignment_events")
    .leftJoin("users", "users.id", "assignment_events.actor_id")
    .selectAll("assignment_events")
    .select("users.display_name as actor_name")
    .where("assignment_events.assignment_id", "=", assignmentId)
    .orderBy("assignment_events.at")
    .orderBy("assignment_events.id")
    .execute();
}

/** Reviews a pending entry; false when it is no longer pending. */
export async function reviewEntry(
  q: Q,
  id: string,
  set: {
    review_status: string;
    reviewed_by: string | null;
    reviewed_at: string;
    review_reason: string | null;
  },
): Promise<boolean> {
  const r = await q
    .updateTable("progress_entries")
    .set(set)
    .where("id", "=", id)
    .where("review_status", "=", "pending")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The pending closure request of an assignment (the latest), if any. */
export async function pendingClosureEntry(q: Q, assignmentId: string): Promise<{ id: string } | undefined> {
  return q
    .selectFrom("progress_entries")
    .select("id")
    .where("assignment_id", "=", assignmentId)
    .where("kind", "=", "closure")
    .where("review_status", "=", "pending")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

function extensionQuery(q: Q) {
  return q
    .selectFrom("extension_requests")
    .leftJoin("users as rq", "rq.id", "extension_requests.requested_by")
    .leftJoin("users as dc", "dc.id", "extension_requests.decided_by")
    .selectAll("extension_requests")
    .select(["rq.display_name as requested_by_name", "dc.display_name as decided_by_name"]);
}

export async function insertExtension(q: Q, row: Insertable<ExtensionRequestsTable>): Promise<void> {
  await q.insertInto("extension_requests").values(row).execute();
}

export async function getExtension(q: Q, id: string): Promise<ExtensionRow | undefined> {
  return extensionQuery(q).where("extension_requests.id", "=", id).executeTakeFirst();
}

/** An assignment's extension requests, newest first. */
export async function extensionsOf(q: Q, assignmentId: string): Promise<ExtensionRow[]> {
  return extensionQuery(q)
    .where("extension_requests.assignment_id", "=", assignmentId)
    .orderBy("extension_requests.id", "desc")
    .execute();
}

/** Decides a pending request; false when it was decided already. */
export async function decideExtensionRow(
  q: Q,
  id: string,
  set: { status: string; decided_by: string | null; decided_at: string; decision_reason: string | null },
): Promise<boolean> {
  const r = await q
    .updateTable("extension_requests")
    .set(set)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Rules rows of the given regions (null for the nationwide ones), oldest first. */
export async function rulesOf(q: Q, regionIds: ReadonlyArray<string | null>): Promise<RulesRecord[]> {
  const ids = regionIds.filter((r): r is string => r !== null);
  const nationwide = regionIds.includes(null);
  return q
    .selectFrom("supervision_rules")
    .leftJoin("regions", "regions.id", "supervision_rules.region_id")
    .selectAll("supervision_rules")
    .select("regions.name as region_name")
    .where((eb) =>
      eb.or([
        ...(ids.length > 0 ? [eb("supervision_rules.region_id", "in", ids)] : []),
        ...(nationwide ? [eb("supervision_rules.region_id", "is", null)] : []),
        ...(ids.length === 0 && !nationwide ? [sql<boolean>`1 = 0`] : []),
      ]),
    )
    .orderBy("supervision_rules.effective_from")
    .orderBy("supervision_rules.id")
    .execute();
}

/** Every rules row (the status engine holds them all: a few per region). */
export async function allRules(q: Q): Promise<Selectable<SupervisionRulesTable>[]> {
  return q.selectFrom("supervision_rules").selectAll().orderBy("effective_from").orderBy("id").execute();
}

export async function insertRules(q: Q, row: Insertable<SupervisionRulesTable>): Promise<void> {
  await q.insertInto("supervision_rules").values(row).execute();
}

/** Every region's parent: the region tree of a country is a few thousand rows. */
export async function regionParents(q: Q): Promise<Map<string, string | null>> {
  const rows = await q.selectFrom("regions").select(["id", "parent_id"]).execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

export async function calendarDays(q: Q, year?: number): Promise<CalendarDayRow[]> {
  let qb = q.selectFrom("calendar_days").selectAll();
  if (year !== undefined) qb = qb.where("day", ">=", `${year}-01-01`).where("day", "<=", `${year}-12-31`);
  return qb.orderBy("day").execute();
}

export async function getCalendarDay(q: Q, day: string): Promise<CalendarDayRow | undefined> {
  return q.selectFrom("calendar_days").selectAll().where("day", "=", day).executeTakeFirst();
}

export async function upsertCalendarDay(q: Q, row: CalendarDayRow): Promise<void> {
  await q
    .insertInto("calendar_days")
    .values(row)
    .onConflict((oc) => oc.column("day").doUpdateSet({ kind: row.kind, name: row.name }))
    .execute();
}

export async function deleteCalendarDay(q: Q, day: string): Promise<boolean> {
  const r = await q.deleteFrom("calendar_days").where("day", "=", day).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ---- the status engine's batch reads and writes ----

/** What the status engine reads of an assignment, with its stored colour (green, null, null: never coloured). */
export interface StatusRow {
  id: string;
  status: string;
  created_at: string;
  deadline: string | null;
  closed_at: string | null;
  colour: string;
  colour_detail: string | null;
  colour_at: string | null;
  /** The assignment's version the stored colour was computed from. */
  colour_version: number | null;
  updated_at: string;
  version: number;
  region_id: string | null;
}

/**
 * Assignments to colour: all but those closed and already coloured done, or only the given ones. `staleOnly`:
 * only those never coloured or changed since, by time or version (a colour computed today stays right until
 * the day turns, unless a row changed outside the cycle's use cases, which recolour what they change).
 */
export async function statusRows(q: Q, ids?: readonly string[], staleOnly = false): Promise<StatusRow[]> {
  let qb = q
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .leftJoin("assignment_colours as c", "c.assignment_id", "assignments.id")
    .select((eb) => [
      "assignments.id",
      "assignments.status",
      "assignments.created_at",
      "assignments.deadline",
      "assignments.closed_at",
      eb.fn.coalesce("c.colour", sql.lit("green")).as("colour"),
      "c.detail as colour_detail",
      "c.at as colour_at",
      "c.version as colour_version",
      "assignments.updated_at",
      "assignments.version",
      "tasks.region_id",
    ]);
  if (ids !== undefined) {
    if (ids.length === 0) return [];
    qb = qb.where("assignments.id", "in", ids);
  } else
    qb = qb.where((eb) =>
      eb.or([
        eb("assignments.status", "<>", "closed"),
        eb("c.colour", "is", null),
        eb("c.colour", "<>", "done"),
      ]),
    );
  if (staleOnly)
    qb = qb.where((eb) =>
      eb.or([
        eb("c.at", "is", null),
        eb("assignments.updated_at", ">", eb.ref("c.at")),
        eb("c.version", "<>", eb.ref("assignments.version")),
      ]),
    );
  // PostgreSQL returns integers as numbers too (int4), so rows need no copying.
  return qb.execute();
}

/**
 * The percent of each assignment's latest report that was not returned (accepted or pending), in one
 * query; `ids` narrows it to some assignments.
 */
export async function latestPercents(
  q: Q,
  dialect: Dialect,
  ids?: readonly string[],
): Promise<Map<string, number>> {
  if (ids !== undefined && ids.length === 0) return new Map();
  let rows: { assignment_id: string; percent: number }[];
  if (dialect === "postgres") {
    // One sorted pass: about half the time of the grouped max joined back, and the longest of a full run's
    // reads, which run side by side.
    let qb = q
      .selectFrom("progress_entries")
      .distinctOn("assignment_id")
      .select(["assignment_id", "percent"])
      .where("review_status", "<>", "returned")
      .orderBy("assignment_id")
      .orderBy("id", "desc");
    if (ids !== undefined) qb = qb.where("assignment_id", "in", ids);
    rows = await qb.execute();
  } else {
    let latest = q
      .selectFrom("progress_entries")
      .select((eb) => ["assignment_id", eb.fn.max("id").as("id")])
      .where("review_status", "<>", "returned")
      .groupBy("assignment_id");
    if (ids !== undefined) latest = latest.where("assignment_id", "in", ids);
    rows = await q
      .selectFrom("progress_entries as p")
      .innerJoin(latest.as("m"), "m.id", "p.id")
      .select(["p.assignment_id", "p.percent"])
      .execute();
  }
  return new Map(rows.map((r) => [r.assignment_id, Number(r.percent)]));
}

/** The earliest due date of an open milestone already due before `day`, per assignment. */
export async function overdueMilestones(
  q: Q,
  day: string,
  ids?: readonly string[],
): Promise<Map<string, string>> {
  if (ids !== undefined && ids.length === 0) return new Map();
  let qb = q
    .selectFrom("milestones")
    .select((eb) => ["assignment_id", eb.fn.min("due_date").as("due")])
    .where("done_at", "is", null)
    .where("due_date", "<", day)
    .groupBy("assignment_id");
  if (ids !== undefined) qb = qb.where("assignment_id", "in", ids);
  const rows = await qb.execute();
  return new Map(rows.map((r) => [r.assignment_id, String(r.due)]));
}

export interface ColourChange {
  id: string;
  version: number;
  fromColour: string;
  colour: string;
  detail: string;
  /** Event id for a changed colour; null when only the detail changed. */
  eventId: string | null;
}

/**
 * Rows handed over as one JSON array of arrays, read back as a derived table `v`: one parameter whatever the
 * count, and on PostgreSQL cheaper to build and to parse than a text[] per column.
 */
function jsonRows(
  dialect: Dialect,
  rows: readonly unknown[][],
  columns: ReadonlyArray<[string, "text" | "int"]>,
) {
  const json = JSON.stringify(rows);
  const pick = columns.map(([name, type], i) =>
    dialect === "sqlite"
      ? sql.raw(`value ->> ${i} as ${name}`)
      : sql.raw(type === "int" ? `(value ->> ${i})::int as ${name}` : `value ->> ${i} as ${name}`),
  );
  const each = dialect === "sqlite" ? sql`json_each(${json})` : sql`json_array_elements(${json}::json)`;
  return sql`(select ${sql.join(pick)} from ${each}) as v`;
}

/**
 * Writes computed colours in set-based statements: one upsert into assignment_colours per chunk, and the
 * "colour" events the same way. Returns the rows written.
 *
 * A colour computed from an older version of the assignment never replaces one from a newer. A use case that
 * moves the version recolours in the same transaction (the stored version no longer matches, so that row is
 * always written), so a run that read the old version leaves the row alone: at once if the use case committed
 * first, after waiting for its row lock otherwise. A version moved by anything else leaves the row stale for
 * the next run. Guarding on the colour row spares the upsert a lookup in assignments per row (a third of its
 * cost on PostgreSQL).
 */
export async function writeColours(
  q: Q,
  dialect: Dialect,
  changes: readonly ColourChange[],
  at: string,
  chunk = 20_000,
): Promise<number> {
  let written = 0;
  for (let i = 0; i < changes.length; i += chunk) {
    const part = changes.slice(i, i + chunk);
    const events = part.filter((c) => c.eventId !== null);
    if (events.length > 0) await insertColourEvents(q, dialect, events, at);
    const v = jsonRows(
      dialect,
      part.map((c) => [c.id, c.colour, c.detail, c.version]),
      [
        ["id", "text"],
        ["colour", "text"],
        ["detail", "text"],
        ["version", "int"],
      ],
    );
    // "where true": without a WHERE, SQLite would read the upsert's ON as the start of a join condition.
    const r = await sql`
      insert into assignment_colours (assignment_id, version, colour, detail, at)
      select v.id, v.version, v.colour, v.detail, ${at} from ${v}
      where true
      on conflict (assignment_id) do update
        set version = excluded.version, colour = excluded.colour, detail = excluded.detail, at = excluded.at
        where assignment_colours.version <= excluded.version`.execute(q);
    written += Number(r.numAffectedRows ?? 0);
  }
  return written;
}

/** "colour" events for rows still of the old colour and not recoloured from a newer version since. */
async function insertColourEvents(q: Q, dialect: Dialect, part: readonly ColourChange[], at: string) {
  const v = jsonRows(
    dialect,
    part.map((c) => [c.eventId, c.id, c.fromColour, c.colour, c.detail, c.version]),
    [
      ["event_id", "text"],
      ["id", "text"],
      ["from_colour", "text"],
      ["colour", "text"],
      ["detail", "text"],
      ["version", "int"],
    ],
  );
  await sql`
    insert into assignment_events (id, assignment_id, at, actor_id, action, from_state, to_state, detail)
    select v.event_id, v.id, ${at}, null, 'colour', v.from_colour, v.colour, v.detail
    from ${v}
    join assignment_colours c on c.assignment_id = v.id and c.version <= v.version and c.colour = v.from_colour`.execute(
    q,
  );
}

/** Marks every colour stale (a rule or calendar change in force today): the next run recomputes them all. */
export async function staleAllColours(q: Q): Promise<void> {
  await q.updateTable("assignment_colours").set({ at: null }).where("at", "is not", null).execute();
}

/** Records the 签收 a lead department's first report stands for (once). */
export async function markAcknowledged(q: Q, id: string, at: string, by: string | null): Promise<void> {
  await q
    .updateTable("assignments")
    .set({ acknowledged_at: at, acknowledged_by: by })
    .where("id", "=", id)
    .where("acknowledged_at", "is", null)
    .execute();
}
