import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/app/auth/password.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { auditOf, seedDepartment, seedRegion } from "./auth.support.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `duban ARGS` from the sources (through tsx), with `input` on stdin. */
function duban(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: ROOT,
      env,
      stdio: "pipe",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString("utf8");
    });
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString("utf8");
    });
    child.stdin.on("error", () => {});
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

describe.each(DIALECTS)("duban user add on %s", (dialect) => {
  let db: TestDb;
  let depId: string;
  beforeAll(async () => {
    db = await freshDb(dialect);
    const region = await seedRegion(db, "示例县");
    depId = await seedDepartment(db, "财政局", region);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("adds a user with the password from stdin, hashed, audited as the system", async () => {
    const r = await duban(
      [
        "user",
        "add",
        "--username",
        "Chen",
        "--role",
        "department",
        "--department",
        "财政局",
        "--password-stdin",
        "--db",
        db.url,
      ],
      "cli password 1\n",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^created user chen \(department\), id [0-9a-f]{24}\n已创建用户 chen（部门用户），编号 /,
    );
    const row = await db.kysely
      .selectFrom("users")
      .selectAll()
      .where("username", "=", "chen")
      .executeTakeFirstOrThrow();
    expect(row.department_id).toBe(depId);
    expect(row.password_hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(row.password_hash, "cli password 1")).toBe(true);
    const audit = await auditOf(db, "user.create", row.id);
    expect(audit[0]?.actor_id).toBe("system");
  });

  it("reports a taken username (exit 1), a short password and a missing password (exit 2) in one line", async () => {
    const taken = await duban(
      ["--db", db.url, "user", "add", "--username", "chen", "--role", "viewer", "--password-stdin"],
      "another password\n",
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^duban: .*username "chen" is already taken \(用户名“chen”已被使用\)\n$/);
    const short = await duban(
      ["user", "add", "--username", "zhou", "--role", "viewer", "--password-stdin", "--db", db.url],
      "short\n",
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("密码至少需要 8 个字符");
    const none = await duban(["user", "add", "--username", "zhou", "--role", "viewer", "--db", db.url]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--password-stdin");
    const badRole = await duban([
      "user",
      "add",
      "--username",
      "zhou",
      "--role",
      "root",
      "--password-stdin",
      "--db",
      db.url,
    ]);
    expect(badRole.code).toBe(2);
    expect(
      await db.kysely.selectFrom("users").select("id").where("username", "=", "zhou").execute(),
    ).toHaveLength(0);
  });
});
