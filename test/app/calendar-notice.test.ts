import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/app/actor.js";
import type { AppContext } from "../../src/app/context.js";
import { getCalendarYear, setCalendarDay } from "../../src/app/supervision/calendar.js";
import { importHolidayNotice } from "../../src/app/supervision/calendarNotice.js";
import { loadCalendar, rulesToday } from "../../src/app/supervision/engine.js";
import { DubanError } from "../../src/core/errors.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { NOTICE_2027, OVERRIDES_2027, SOURCE_2027 } from "./calendarNotice.support.js";

const actor = (role: Actor["role"]): Actor => ({
  id: `u-${role}`,
  username: role,
  role,
  regionId: null,
  regionIds: null,
  departmentId: null,
});

describe.each(DIALECTS)("importing the State Council's holiday notice on %s", (dialect) => {
  let db: TestDb;
  const ctx = (role: Actor["role"] = "admin"): AppContext => ({
    db,
    actor: actor(role),
    now: () => new Date("2026-11-12T02:00:00Z"),
  });
  const overrides = async () =>
    Object.fromEntries(
      (
        await db.kysely.selectFrom("calendar_days").select(["day", "kind", "name"]).orderBy("day").execute()
      ).map((r) => [r.day, { kind: r.kind, name: r.name }]),
    );
  const imports = async () =>
    db.kysely.selectFrom("audit_log").selectAll().where("action", "=", "calendar.import_notice").execute();
  /** The 签收 due date of an assignment made on Thursday 4 February 2027: 3 working days on. */
  const ackDueOn4Feb = async () =>
    (await rulesToday(db.kysely, null, new Date("2027-02-04T02:00:00Z"))).ackDue;

  beforeAll(async () => {
    db = await freshDb(dialect);
    // Guesses an admin made before the notice, and a local festival.
    await setCalendarDay(ctx(), { day: "2027-02-20", kind: "holiday", name: "春节（暂定）" });
    await setCalendarDay(ctx(), { day: "2027-02-27", kind: "workday" });
    await setCalendarDay(ctx(), { day: "2027-03-10", kind: "holiday", name: "地方纪念日" });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("refuses everyone but admins, dry run or not", async () => {
    for (const role of ["supervisor", "department", "viewer"] as const)
      for (const dryRun of [true, false])
        await expect(importHolidayNotice(ctx(role), { text: NOTICE_2027, dryRun })).rejects.toMatchObject({
          code: "FORBIDDEN",
        });
    await expect(
      importHolidayNotice({ ...ctx(), actor: null }, { text: NOTICE_2027, dryRun: true }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a dry run shows the notice and what would change, and writes nothing", async () => {
    const before = await overrides();
    const r = await importHolidayNotice(ctx(), { text: NOTICE_2027, dryRun: true });
    expect(r).toMatchObject({ year: 2027, source: SOURCE_2027, applied: false });
    expect(r.holidays).toContainEqual({ name: "春节", from: "2027-02-05", to: "2027-02-13" });
    expect(r.workdays).toEqual([
      "2027-02-14",
      "2027-02-20",
      "2027-04-25",
      "2027-05-08",
      "2027-09-26",
      "2027-10-09",
    ]);
    const byDay = Object.fromEntries(r.changes.map((c) => [c.day, c]));
    expect(Object.keys(byDay).sort()).toEqual([...Object.keys(OVERRIDES_2027), "2027-02-27"].sort());
    expect(byDay["2027-02-20"]).toEqual({
      day: "2027-02-20",
      before: { kind: "holiday", name: "春节（暂定）" },
      after: { kind: "workday", name: null },
    });
    expect(byDay["2027-02-27"]).toEqual({
      day: "2027-02-27",
      before: { kind: "workday", name: null },
      after: null,
    });
    expect(byDay["2027-02-09"]).toEqual({
      day: "2027-02-09",
      before: null,
      after: { kind: "holiday", name: "春节" },
    });
    expect(r.kept).toEqual([{ day: "2027-03-10", kind: "holiday", name: "地方纪念日" }]);
    expect(await overrides()).toEqual(before);
    expect(await imports()).toEqual([]);
    expect((await getCalendarYear(ctx("viewer"), 2027)).source).toBeNull();
  });

  it("a parse error changes nothing", async () => {
    const before = await overrides();
    const bad = NOTICE_2027.replace("共9天", "共10天");
    const err = await importHolidayNotice(ctx(), { text: bad, dryRun: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DubanError);
    expect((err as DubanError).messageZh).toMatch(/^第5行：“春节”写明共10天/);
    expect(await overrides()).toEqual(before);
  });

  it("applying writes the overrides, records the notice once, and the status engine's calendar follows", async () => {
    const engineBefore = await loadCalendar(db.kysely);
    expect(engineBefore.isWorkingDay("2027-02-09")).toBe(true);
    expect(await ackDueOn4Feb()).toBe("2027-02-11");

    const r = await importHolidayNotice(ctx(), { text: NOTICE_2027, dryRun: false });
    expect(r.applied).toBe(true);
    expect(r.changes).toHaveLength(Object.keys(OVERRIDES_2027).length + 1);
    expect(await overrides()).toEqual({
      ...OVERRIDES_2027,
      "2027-03-10": { kind: "holiday", name: "地方纪念日" },
    });
    const entries = await imports();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      entity_type: "calendar_year",
      entity_id: "2027",
      actor_id: "u-admin",
    });
    expect(JSON.parse(entries[0]?.after as string)).toMatchObject({ source: SOURCE_2027 });

    const year = await getCalendarYear(ctx("department"), 2027);
    expect(year.source).toBe(SOURCE_2027);
    expect(year.imported).toEqual({
      source: SOURCE_2027,
      importedAt: entries[0]?.at,
      holidays: r.holidays,
      workdays: r.workdays,
    });
    expect((await getCalendarYear(ctx("viewer"), 2026)).imported).toBeNull();

    const engine = await loadCalendar(db.kysely);
    expect(engine.isWorkingDay("2027-02-09")).toBe(false);
    expect(engine.holidayName("2027-02-09")).toBe("春节");
    expect(engine.isWorkingDay("2027-02-14")).toBe(true);
    expect(engine.isWorkingDay("2027-02-27")).toBe(false);
    expect(engine.isWorkingDay("2027-03-10")).toBe(false);
    // 5–13 February rest, Sunday the 14th is worked: the 14th, 15th and 16th.
    expect(await ackDueOn4Feb()).toBe("2027-02-16");
    // 1–7 October rest; the 8th, Saturday the 9th and Monday the 11th are worked.
    expect(engine.workingDaysBetween("2027-09-30", "2027-10-11")).toBe(3);
  });

  it("applying the same notice again changes nothing and writes no audit entry", async () => {
    const before = await overrides();
    const dry = await importHolidayNotice(ctx(), { text: NOTICE_2027, dryRun: true });
    expect(dry.changes).toEqual([]);
    const again = await importHolidayNotice(ctx(), { text: NOTICE_2027, dryRun: false });
    expect(again).toMatchObject({ applied: true, changes: [] });
    expect(await overrides()).toEqual(before);
    expect(await imports()).toHaveLength(1);
  });
});
