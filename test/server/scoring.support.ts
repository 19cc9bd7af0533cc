import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { Dialect } from "../../src/db/database.js";
import type { TestDb } from "../support/db.js";
import { addUser, as, setupWorld, type TestUser, type World } from "./supervision.support.js";

/**
 * A region whose first quarter of 2026 was worked out by hand (the figures in HAND below), shared by the
 * scoring and document tests. Facts are written straight into the tables with fixed times, as the 督办
 * cycle would have left them, so the case does not depend on today's date.
 */

/** Calls the API as `user` with JSON bodies, PUT included. */
export function call(app: FastifyInstance, user: TestUser | null) {
  return (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: user ? { authorization: `Bearer ${user.token}` } : {},
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
}

export interface ScoringWorld extends World {
  admin: TestUser;
  supervisor: TestUser;
  viewer: TestUser;
  otherSupervisor: TestUser;
  /** Department users of A (发改局) and B (交通局). */
  userA: TestUser;
  userB: TestUser;
  dept: { A: string; B: string; C: string };
  /** Assignment ids by the names used in HAND. */
  ids: Record<"a1" | "a2" | "a3" | "b1" | "c1", string>;
  taskText: Record<"a1" | "a2" | "a3" | "b1" | "c1", string>;
}

export const DEPT_NAMES = { A: "县发展和改革局", B: "县交通运输局", C: "县教育局" } as const;

/**
 * The hand-computed quarter (2026-Q1, judged on 31 March; rubric: the default with co-departments at half):
 *   a1 A (B co) due 31 Mar, closed 2 Mar: on time +2, 29 days early +1, rated 优秀 +2; B gets half: +2.5
 *   a2 A due 27 Feb, open: late 28 Feb–31 Mar, 32 days: −(2 + 0.2 × 32) = −8.4
 *   a3 A due 30 Jun: signed for 12 Jan, due 8 Jan −1; two reports returned −2
 *   b1 B extended 30 Jan → 16 Mar on 20 Jan −0.5; closed 20 Mar, 4 days late: −(2 + 0.8) = −2.8
 *   c1 C due 31 Dec, 30% reported and accepted: nothing
 * A = 100 + 5 − 8.4 − 3 = 93.6, B = 100 + 2.5 − 0.5 − 2.8 = 99.2, C = 100 → C 1st, B 2nd, A 3rd.
 */
export const HAND = {
  period: "2026-Q1",
  scores: [
    { name: DEPT_NAMES.C, score: 100, rank: 1 },
    { name: DEPT_NAMES.B, score: 99.2, rank: 2 },
    { name: DEPT_NAMES.A, score: 93.6, rank: 3 },
  ],
  summary: { tasks: 5, closed: 2, onSchedule: 1, behind: 1, overdue: 1, closedRate: 40 },
  overdueDays: 32,
};

const at = (day: string) => `${day}T02:00:00.000Z`; // 10:00 in Shanghai

export async function setupScoringWorld(dialect: Dialect): Promise<ScoringWorld> {
  const w = await setupWorld(dialect);
  const admin = await addUser(w.db, "admin");
  const supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
  const viewer = await addUser(w.db, "viewer", { regionId: w.regionId });
  const otherSupervisor = await addUser(w.db, "supervisor", { regionId: w.otherRegionId });
  const asAdmin = as(w.app, admin);
  const mk = async (name: string) => {
    const res = await asAdmin("POST", "/departments", { regionId: w.regionId, name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const dept = { A: await mk(DEPT_NAMES.A), B: await mk(DEPT_NAMES.B), C: await mk(DEPT_NAMES.C) };
  const userA = await addUser(w.db, "department", { departmentId: dept.A });
  const userB = await addUser(w.db, "department", { departmentId: dept.B });

  const assign = async (i: number, lead: string, co: string[], deadline: string) => {
    const res = await as(w.app, supervisor)(
      "POST",
      `/tasks/${encodeURIComponent(w.taskIds[i] as string)}/assignment`,
      {
        leadDepartmentId: lead,
        coDepartmentIds: co,
        deadline,
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; taskText: string };
  };
  const made = {
    a1: await assign(0, dept.A, [dept.B], "2026-03-31"),
    a2: await assign(1, dept.A, [], "2026-02-27"),
    a3: await assign(2, dept.A, [], "2026-06-30"),
    b1: await assign(3, dept.B, [], "2026-03-16"),
    c1: await assign(4, dept.C, [], "2026-12-31"),
  };
  const ids = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v.id])) as ScoringWorld["ids"];
  const taskText = Object.fromEntries(
    Object.entries(made).map(([k, v]) => [k, v.taskText]),
  ) as ScoringWorld["taskText"];

  await writeHandFacts(w.db, ids);

  // The rubric of the case: the default with co-departments sharing half.
  const res = await call(w.app, supervisor)("GET", `/scoring/rubric?regionId=${w.regionId}&year=2026`);
  const put = await call(w.app, supervisor)("PUT", "/scoring/rubric", {
    regionId: w.regionId,
    year: 2026,
    version: res.json().version,
    rubric: { ...res.json().rubric, coDepartmentShare: 0.5 },
  });
  expect(put.statusCode, put.body).toBe(200);

  return {
    ...w,
    admin,
    supervisor,
    viewer,
    otherSupervisor,
    userA,
    userB,
    dept,
    ids,
    taskText,
  };
}

/** Writes the facts of HAND (dates, closures, returned reports, an extension, a rating, history) for `ids`. */
export async function writeHandFacts(
  db: TestDb,
  ids: Record<"a1" | "a2" | "a3" | "b1" | "c1", string>,
): Promise<void> {
  const q = db.kysely;
  const set = async (id: string, { colour, ...values }: Record<string, unknown> & { colour: string }) => {
    await q
      .updateTable("assignments")
      .set({
        created_at: at("2026-01-05"),
        ack_due_date: null,
        acknowledged_at: at("2026-01-06"),
        ...values,
      })
      .where("id", "=", id)
      .execute();
    const { version } = await q
      .selectFrom("assignments")
      .select("version")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    // The colour as the engine would have left it, without its detail.
    await q
      .insertInto("assignment_colours")
      .values({ assignment_id: id, version, colour, detail: null, at: null })
      .onConflict((oc) => oc.column("assignment_id").doUpdateSet({ version, colour, detail: null, at: null }))
      .execute();
  };
  await set(ids.a1, { status: "closed", closed_at: at("2026-03-02"), colour: "done" });
  await set(ids.a2, { status: "in_progress", colour: "red" });
  await set(ids.a3, {
    status: "in_progress",
    ack_due_date: "2026-01-08",
    acknowledged_at: at("2026-01-12"),
    colour: "yellow",
  });
  await set(ids.b1, { status: "closed", closed_at: at("2026-03-20"), colour: "done" });
  await set(ids.c1, { status: "in_progress", colour: "green" });

  let n = 0;
  const progress = (assignmentId: string, day: string, percent: number, review: string, reviewed?: string) =>
    q
      .insertInto("progress_entries")
      .values({
        id: `score-p-${n++}`,
        assignment_id: assignmentId,
        author_id: null,
        percent,
        text: `进展${n}：完成${percent}%`,
        created_at: at(day),
        kind: "progress",
        review_status: review,
        reviewed_at: reviewed ? at(reviewed) : null,
        review_reason: review === "returned" ? "材料不全" : null,
      })
      .execute();
  await progress(ids.a3, "2026-02-08", 10, "returned", "2026-02-10");
  await progress(ids.a3, "2026-03-18", 20, "returned", "2026-03-20");
  await progress(ids.c1, "2026-03-01", 30, "accepted", "2026-03-02");
  await q
    .insertInto("extension_requests")
    .values({
      id: "score-ext-1",
      assignment_id: ids.b1,
      requested_by: null,
      current_deadline: "2026-01-30",
      requested_deadline: "2026-03-16",
      reason: "征地手续未完成",
      status: "approved",
      decided_by: null,
      decided_at: at("2026-01-20"),
      decision_reason: "同意",
      created_at: at("2026-01-15"),
    })
    .execute();
  await q
    .insertInto("quality_ratings")
    .values({
      id: "score-q-1",
      assignment_id: ids.a1,
      level: "excellent",
      reason: "成效明显，群众满意",
      rated_by: null,
      rated_at: at("2026-03-05"),
      version: 1,
    })
    .execute();
  await q
    .insertInto("assignment_events")
    .values([
      {
        id: "score-e-1",
        assignment_id: ids.a1,
        at: at("2026-03-02"),
        actor_id: null,
        action: "closure_approve",
        from_state: "done",
        to_state: "closed",
        detail: JSON.stringify({ reason: "材料齐全，同意销号" }),
      },
      {
        id: "score-e-2",
        assignment_id: ids.b1,
        at: at("2026-01-20"),
        actor_id: null,
        action: "extension_approve",
        from_state: null,
        to_state: null,
        detail: JSON.stringify({ from: "2026-01-30", to: "2026-03-16", reason: "同意" }),
      },
    ])
    .execute();
}

// ---- LibreOffice ---------------------------------------------------------------------------------------

export const SOFFICE =
  ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"].find((p) => existsSync(p)) ?? null;

/**
 * Converts a document with LibreOffice headless ("txt:Text" for .docx, "csv" for .xlsx) and returns the
 * text. Each call has its own profile folder, so conversions running at once do not fight over one.
 */
export async function sofficeConvert(bytes: Buffer, ext: "docx" | "xlsx", to: string): Promise<string> {
  if (!SOFFICE) throw new Error("soffice not installed");
  const dir = mkdtempSync(join(tmpdir(), "duban-soffice-"));
  try {
    const input = join(dir, `in.${ext}`);
    writeFileSync(input, bytes);
    await promisify(execFile)(
      SOFFICE,
      [
        `-env:UserInstallation=file://${join(dir, "profile")}`,
        "--headless",
        "--convert-to",
        to,
        "--outdir",
        join(dir, "out"),
        input,
      ],
      { timeout: 120_000 },
    );
    const outExt = to.split(":")[0] as string;
    return readFileSync(join(dir, "out", `in.${outExt}`), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
