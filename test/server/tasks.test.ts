import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { auditCount, SAMPLE, SAMPLE2, server, upload, userWithToken } from "./reports.support.js";

type Auth = { authorization: string };
type TaskItem = {
  id: string;
  reportId: string;
  text: string;
  deadline: string | null;
  planYear: number;
  factIds: string[];
  version: number;
};

describe.each(DIALECTS)("tasks API on %s", (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let admin: Auth;
  let viewer: Auth;
  let ids: { sample: string; sample2: string };

  async function list(query: string, auth: Auth = viewer): Promise<TaskItem[]> {
    const out: TaskItem[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<FastifyInstance["inject"]>> = await app.inject({
        method: "GET",
        url: `/api/v1/tasks?limit=7&${query}${cursor ? `&cursor=${cursor}` : ""}`,
        headers: auth,
      });
      expect(res.statusCode, res.body).toBe(200);
      out.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    return out;
  }

  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await server(db);
    admin = (await userWithToken(db, "admin")).auth;
    viewer = (await userWithToken(db, "viewer")).auth;
    const res = await upload(app, admin, [
      { name: "a.txt", content: SAMPLE },
      { name: "b.txt", content: SAMPLE2 },
    ]);
    const [a, b] = res.json().results;
    ids = { sample: a.reportId, sample2: b.reportId };
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it("lists tasks with filters and cursor pagination", async () => {
    const all = await list("");
    expect(all).toHaveLength(48);
    expect(all.map((t) => t.id)).toEqual(all.map((t) => t.id).sort());
    expect(await list(`reportId=${ids.sample}`)).toHaveLength(24);
    const y = await list("year=2026");
    expect(y).toHaveLength(24);
    expect(y.every((t) => t.reportId === ids.sample2 && t.planYear === 2026)).toBe(true);
    const withDeadline = await list("hasDeadline=true");
    expect(withDeadline.length).toBeGreaterThan(0);
    expect(withDeadline.every((t) => t.deadline !== null)).toBe(true);
    const without = await list("hasDeadline=false");
    expect(without.length + withDeadline.length).toBe(48);
    const word = all[0]?.text.slice(2, 6) as string;
    const byText = await list(`q=${encodeURIComponent(word)}`);
    expect(byText.length).toBeGreaterThan(0);
    expect(byText.every((t) => t.text.includes(word))).toBe(true);
    const region = await db.kysely
      .selectFrom("reports")
      .select("region_id")
      .where("id", "=", ids.sample)
      .executeTakeFirstOrThrow();
    expect((await list(`regionId=${region.region_id}`)).every((t) => t.reportId === ids.sample)).toBe(true);
    expect((await app.inject({ method: "GET", url: "/api/v1/tasks" })).statusCode).toBe(401);
  });

  it("shows a task with the facts stated inside it", async () => {
    const withFacts = (await list(`reportId=${ids.sample}`)).find((t) => t.factIds.length > 0) as TaskItem;
    expect(withFacts).toBeDefined();
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/tasks/${encodeURIComponent(withFacts.id)}`,
      headers: viewer,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().reportTitle).toBe("示例县2025年政府工作报告");
    expect(res.json().facts.map((f: { id: string }) => f.id)).toEqual(withFacts.factIds);
    for (const f of res.json().facts) expect(withFacts.text).toContain(f.quote.slice(0, 2));
    expect((await app.inject({ method: "GET", url: "/api/v1/tasks/nope", headers: viewer })).statusCode).toBe(
      404,
    );
  });

  it("edits a task with the version read (409 when stale), audited, and keeps the edit through re-extraction", async () => {
    const task = (await list(`reportId=${ids.sample}`))[3] as TaskItem;
    const url = `/api/v1/tasks/${encodeURIComponent(task.id)}`;
    const res = await app.inject({
      method: "PATCH",
      url,
      headers: admin,
      payload: { version: 1, text: "改写后的任务", deadline: "2025-06-30", group: "重点工作" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      text: "改写后的任务",
      deadline: "2025-06-30",
      group: "重点工作",
      version: 2,
    });
    const stale = await app.inject({
      method: "PATCH",
      url,
      headers: admin,
      payload: { version: 1, text: "再改" },
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (await app.inject({ method: "PATCH", url, headers: viewer, payload: { version: 2, text: "x" } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: "PATCH", url, headers: admin, payload: { version: 2 } })).statusCode,
    ).toBe(400);
    expect(await auditCount(db, "task.update", task.id)).toBe(1);

    await db.kysely
      .updateTable("reports")
      .set({ extractor_version: "old" })
      .where("id", "=", ids.sample)
      .execute();
    const again = await upload(app, admin, [{ name: "a.txt", content: SAMPLE }]);
    expect(again.json().results[0]).toMatchObject({ status: "reextracted", tasks: 24 });
    const after = await app.inject({ method: "GET", url, headers: viewer });
    expect(after.json()).toMatchObject({ text: "改写后的任务", deadline: "2025-06-30", version: 2 });
    expect(await list(`reportId=${ids.sample}`)).toHaveLength(24);
  });
});
