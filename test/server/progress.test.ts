import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../support/db.js";
import {
  addUser,
  as,
  auditOf,
  multipart,
  setupWorld,
  type TestUser,
  type World,
} from "./supervision.support.js";

const LIMIT = 100_000;
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2000, 7)]);
const NOTE = Buffer.from("进展说明：一期厂房主体完工。\n", "utf8");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.each(DIALECTS)("progress and evidence API on %s", (dialect) => {
  let w: World;
  let admin: TestUser;
  let supervisor: TestUser;
  let viewer: TestUser;
  let userA: TestUser;
  let userB: TestUser;
  let userC: TestUser;
  let assignmentId: string;
  let firstProgressId: string;

  const count = async (table: "evidence_files" | "progress_entries") =>
    Number(
      (
        await w.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const post = (user: TestUser, fields: Record<string, string>, files: Parameters<typeof multipart>[1]) => {
    const m = multipart(fields, files);
    return w.app.inject({
      method: "POST",
      url: `/api/v1/assignments/${assignmentId}/progress`,
      headers: { ...m.headers, authorization: `Bearer ${user.token}` },
      payload: m.payload,
    });
  };

  beforeAll(async () => {
    w = await setupWorld(dialect, { maxUploadBytes: LIMIT });
    admin = await addUser(w.db, "admin");
    supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    viewer = await addUser(w.db, "viewer");
    const mk = async (name: string) =>
      (await as(w.app, admin)("POST", "/departments", { regionId: w.regionId, name })).json().id as string;
    const [A, B, C] = [await mk("县住房和城乡建设局"), await mk("县交通运输局"), await mk("县文化和旅游局")];
    userA = await addUser(w.db, "department", { departmentId: A });
    userB = await addUser(w.db, "department", { departmentId: B });
    userC = await addUser(w.db, "department", { departmentId: C });
    const res = await as(w.app, supervisor)(
      "POST",
      `/tasks/${encodeURIComponent(w.taskIds[5] as string)}/assignment`,
      {
        leadDepartmentId: A,
        coDepartmentIds: [B],
      },
    );
    expect(res.statusCode).toBe(201);
    assignmentId = res.json().id;
  });
  afterAll(async () => {
    await w.close();
  });

  it("takes progress with evidence as multipart: the same bytes twice are stored once", async () => {
    const res = await post(userB, { percent: "30", text: "主体结构已完成三成" }, [
      { field: "files", name: "现场照片.pdf", mime: "application/pdf", bytes: PDF },
      { field: "files", name: "copy.pdf", mime: "application/pdf", bytes: PDF },
      { field: "files", name: "进展说明.txt", mime: "text/plain", bytes: NOTE },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const entry = res.json();
    firstProgressId = entry.id;
    expect(entry).toMatchObject({
      assignmentId,
      authorId: userB.id,
      percent: 30,
      text: "主体结构已完成三成",
    });
    expect(entry.evidence.map((e: { id: string }) => e.id).sort()).toEqual([sha(PDF), sha(NOTE)].sort());
    expect(entry.evidence.find((e: { id: string }) => e.id === sha(NOTE))).toMatchObject({
      name: "进展说明.txt",
      mime: "text/plain",
      size: NOTE.byteLength,
    });
    expect(await count("evidence_files")).toBe(2);
    // The first report starts the assignment.
    const a = await as(w.app, userB)("GET", `/assignments/${assignmentId}`);
    expect(a.json()).toMatchObject({ status: "in_progress", percent: 30, version: 2 });
  });

  it("takes progress as JSON with base64 files; known content is not stored again", async () => {
    const res = await as(w.app, userA)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 60,
      text: "完成过半",
      files: [{ name: "again.pdf", mime: "application/pdf", contentBase64: PDF.toString("base64") }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().evidence).toEqual([
      { id: sha(PDF), name: "现场照片.pdf", mime: "application/pdf", size: PDF.byteLength },
    ]);
    expect(await count("evidence_files")).toBe(2);
    const noFiles = await as(w.app, supervisor)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 65,
      text: "督查室现场核实",
    });
    expect(noFiles.statusCode).toBe(201);
    expect(noFiles.json().evidence).toEqual([]);
  });

  it("lists the history newest first, also in the assignment's detail", async () => {
    const res = await as(w.app, viewer)("GET", `/assignments/${assignmentId}/progress`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { percent: number }) => p.percent)).toEqual([65, 60, 30]);
    const page1 = await as(w.app, viewer)("GET", `/assignments/${assignmentId}/progress?limit=2`);
    const page2 = await as(w.app, viewer)(
      "GET",
      `/assignments/${assignmentId}/progress?limit=2&cursor=${page1.json().nextCursor}`,
    );
    expect(page2.json().items.map((p: { id: string }) => p.id)).toEqual([firstProgressId]);
    const detail = await as(w.app, userA)("GET", `/assignments/${assignmentId}`);
    expect(detail.json().progress.map((p: { percent: number }) => p.percent)).toEqual([65, 60, 30]);
    expect(detail.json().percent).toBe(65);
  });

  it("downloads evidence with its name, for those who may see the assignment only", async () => {
    const res = await as(w.app, userA)("GET", `/evidence/${sha(NOTE)}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(NOTE)).toBe(true);
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.headers["content-disposition"]).toContain("attachment;");
    expect(res.headers["content-disposition"]).toContain(
      `filename*=UTF-8''${encodeURIComponent("进展说明.txt")}`,
    );
    const pdf = await as(w.app, viewer)("GET", `/evidence/${sha(PDF)}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.equals(PDF)).toBe(true);
    expect(pdf.headers["content-disposition"]).toContain('filename="____.pdf"');
    expect((await as(w.app, userC)("GET", `/evidence/${sha(PDF)}`)).statusCode).toBe(404);
    expect((await as(w.app, userA)("GET", `/evidence/${"0".repeat(64)}`)).statusCode).toBe(404);
    expect((await as(w.app, null)("GET", `/evidence/${sha(PDF)}`)).statusCode).toBe(401);
  });

  it("lets only the lead and co-departments (and supervisors, admins) report", async () => {
    const before = await count("progress_entries");
    const other = await post(userC, { percent: "10", text: "不是我的任务" }, []);
    expect(other.statusCode).toBe(404);
    const otherJson = await as(w.app, userC)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 1,
      text: "x",
    });
    expect(otherJson.statusCode).toBe(404);
    expect((await as(w.app, userC)("GET", `/assignments/${assignmentId}/progress`)).statusCode).toBe(404);
    const byViewer = await as(w.app, viewer)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 1,
      text: "x",
    });
    expect(byViewer.statusCode).toBe(403);
    expect(await count("progress_entries")).toBe(before);
  });

  it("refuses a percent above 100 or below 0", async () => {
    const json = await as(w.app, userA)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 101,
      text: "超额",
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe("INVALID_ARGUMENT");
    const form = await post(userA, { percent: "-1", text: "负数" }, []);
    expect(form.statusCode).toBe(400);
    const noText = await post(userA, { percent: "50" }, []);
    expect(noText.statusCode).toBe(400);
  });

  it("refuses an evidence file over the upload limit with 413 and the error shape, storing nothing", async () => {
    const before = { files: await count("evidence_files"), entries: await count("progress_entries") };
    const big = Buffer.alloc(LIMIT + 1, 1);
    const form = await post(userA, { percent: "70", text: "附大文件" }, [
      { field: "files", name: "big.bin", mime: "application/octet-stream", bytes: big },
    ]);
    expect(form.statusCode).toBe(413);
    expect(form.json().error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(form.json().error.messageZh).toBeTypeOf("string");
    const json = await as(w.app, userA)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 70,
      text: "附大文件",
      files: [{ name: "big.bin", contentBase64: Buffer.alloc(LIMIT / 2, 1).toString("base64") }],
    });
    expect(json.statusCode).toBe(201);
    const tooBig = await as(w.app, userA)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 70,
      text: "附大文件",
      files: [{ name: "big.bin", contentBase64: big.toString("base64") }],
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await count("evidence_files")).toBe(before.files + 1);
    expect(await count("progress_entries")).toBe(before.entries + 1);
  });

  it("writes audit entries for progress, new evidence and the start of the work; closed takes no more", async () => {
    const progress = await auditOf(w.db, "progress");
    expect(progress.map((a) => a.action)).toEqual(Array(4).fill("progress.submit"));
    expect(JSON.parse(progress[0]?.after ?? "null")).toMatchObject({
      assignmentId,
      percent: 30,
      evidence: expect.arrayContaining([sha(PDF), sha(NOTE)]),
    });
    expect((await auditOf(w.db, "evidence")).map((a) => a.entity_id).sort()).toEqual(
      [sha(PDF), sha(NOTE), sha(Buffer.alloc(LIMIT / 2, 1))].sort(),
    );
    const started = (await auditOf(w.db, "assignment", assignmentId)).filter(
      (a) => a.action === "assignment.update",
    );
    expect(started).toHaveLength(1);
    const a = (await as(w.app, admin)("GET", `/assignments/${assignmentId}`)).json();
    const close = await as(w.app, admin)("PATCH", `/assignments/${assignmentId}`, {
      version: a.version,
      status: "closed",
    });
    expect(close.statusCode).toBe(200);
    const late = await as(w.app, userA)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 100,
      text: "完成",
    });
    expect(late.statusCode).toBe(409);
  });
});
