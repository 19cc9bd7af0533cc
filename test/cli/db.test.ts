import { beforeAll, describe, expect, it } from "vitest";
import { latestVersion } from "../../src/db/migrate.js";
import { buildOnce, freshTarget, runDuban, statusField } from "../ops/support.js";
import { DIALECTS } from "../support/db.js";

const LATEST = latestVersion();

beforeAll(buildOnce, 120_000);

describe.each(DIALECTS)("duban db on %s", (dialect) => {
  it("db migrate creates the schema on a fresh database, then finds nothing to do", async () => {
    const t = await freshTarget(dialect);
    try {
      const first = await runDuban(["--db", t.url, "db", "migrate"]);
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(first.stdout).toContain("applied 0001_initial\n");
      expect(first.stdout).toMatch(new RegExp(`^schema: ${LATEST}$`, "m"));

      const again = await runDuban(["db", "migrate", "--db", t.url]); // --db after the command works too
      expect(again.code).toBe(0);
      expect(again.stdout).not.toContain("applied");
      expect(again.stdout).toContain("already up to date");

      const status = await runDuban(["db", "status"], { DATABASE_URL: t.url });
      expect(status.code).toBe(0);
      expect(statusField(status.stdout, "dialect")).toBe(dialect);
      expect(statusField(status.stdout, "schema")).toBe(LATEST);
      expect(statusField(status.stdout, "reports")).toBe("0");
      expect(statusField(status.stdout, "facts")).toBe("0");
      expect(statusField(status.stdout, "tasks")).toBe("0");
    } finally {
      await t.drop();
    }
  });
});

describe("duban db: locations and bad URLs", () => {
  it("prints a PostgreSQL location without its password", async () => {
    const t = await freshTarget("postgres");
    try {
      const url = t.url.replace("//postgres@", "//postgres:s3cret-pw@"); // trust auth ignores it
      expect((await runDuban(["--db", url, "db", "migrate"])).code).toBe(0);
      const status = await runDuban(["--db", url, "db", "status"]);
      expect(status.code).toBe(0);
      expect(status.stdout + status.stderr).not.toContain("s3cret-pw");
      expect(statusField(status.stdout, "location")).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
    } finally {
      await t.drop();
    }
  });

  it("uses $DUBAN_DATA/duban.sqlite when neither --db nor DATABASE_URL is given", async () => {
    const t = await freshTarget("sqlite");
    try {
      const r = await runDuban(["db", "migrate"], { DUBAN_DATA: t.dir });
      expect(r.code).toBe(0);
      const status = await runDuban(["db", "status"], { DUBAN_DATA: t.dir });
      expect(statusField(status.stdout, "location")).toBe(`${t.dir}/duban.sqlite`);
    } finally {
      await t.drop();
    }
  });

  it.each([
    ["mysql://u:pw@host/db", /^duban: --db: unsupported database URL: mysql:\/\/u:\*\*\*@host\/db/],
    ["postgres://host:notaport/db", /^duban: --db: database URL is not a valid postgres:\/\/ URL/],
    ["", /^duban: --db: database URL is empty/],
  ])("refuses --db %j with exit 2 and one line", async (url, message) => {
    const r = await runDuban(["--db", url, "db", "status"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("names DATABASE_URL when the bad value comes from there", async () => {
    const r = await runDuban(["db", "migrate"], { DATABASE_URL: "redis://localhost" });
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^duban: DATABASE_URL: unsupported database URL/)]);
  });

  it("explains a database that cannot be reached (exit 1) or a SQLite file that does not exist (exit 2)", async () => {
    const down = await runDuban(["--db", "postgres://postgres@127.0.0.1:1/x", "db", "status"]);
    expect(down.code).toBe(1);
    expect(down.errLines).toEqual([expect.stringMatching(/connection refused: is PostgreSQL running\?/)]);

    const t = await freshTarget("sqlite");
    try {
      const missing = await runDuban(["--db", t.url, "db", "status"]);
      expect(missing.code).toBe(2);
      expect(missing.errLines).toEqual([expect.stringMatching(/no ledger database at .*duban\.sqlite/)]);
    } finally {
      await t.drop();
    }
  });
});
