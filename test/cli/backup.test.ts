import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildOnce,
  CORPUS,
  copyCorpus,
  freshTarget,
  HAS_CORPUS,
  runDuban,
  startCli,
  statusField,
} from "../ops/support.js";
import { DIALECTS } from "../support/db.js";

if (!HAS_CORPUS) console.warn(`SKIPPED duban backup/restore tests: ${CORPUS} is absent`);

beforeAll(buildOnce, 120_000);

/** The part of `duban db status` a restore must reproduce. */
async function contents(url: string): Promise<Record<string, string | undefined>> {
  const r = await runDuban(["--db", url, "db", "status"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const out: Record<string, string | undefined> = {};
  for (const k of ["dialect", "schema", "reports", "facts", "tasks"]) out[k] = statusField(r.stdout, k);
  return out;
}

describe.each(DIALECTS)("duban backup / restore on %s", (dialect) => {
  it.skipIf(!HAS_CORPUS)(
    "backs up while a server runs; restoring into a fresh location or over a changed ledger gives the same contents",
    async () => {
      const src = await freshTarget(dialect);
      const dst = await freshTarget(dialect);
      const server = startCli(["--db", src.url, "serve", "--port", "0"]);
      try {
        const first = join(src.dir, "first");
        const later = join(src.dir, "later");
        copyCorpus(first, 6);
        copyCorpus(later, 10); // the same 6 and 4 more
        expect((await runDuban(["--db", src.url, "ingest", first])).code).toBe(0);
        const [, base] = await server.waitFor(/^duban serving (http:\/\/\S+)/m);

        // The server keeps answering (and reading the database) while the backup runs.
        let polling = true;
        const polls = (async () => {
          let ok = 0;
          while (polling) {
            const res = await fetch(`${base}/api/health`);
            if (res.status === 200) ok++;
          }
          return ok;
        })();
        const file = join(src.dir, "backups", dialect === "sqlite" ? "ledger.sqlite" : "ledger.dump");
        const backup = await runDuban(["--db", src.url, "backup", file]);
        polling = false;
        expect(await polls).toBeGreaterThan(0);
        expect(backup.stderr).toBe("");
        expect(backup.code).toBe(0);
        expect(backup.stdout).toMatch(/^backup written 备份完成: .*6 reports\)$/m);
        const snapshot = await contents(src.url);
        expect(snapshot.reports).toBe("6");
        expect(Number(snapshot.facts)).toBeGreaterThan(0);

        // Into a fresh location.
        const restored = await runDuban(["--db", dst.url, "restore", file]);
        expect(restored.stderr).toBe("");
        expect(restored.code).toBe(0);
        expect(restored.stdout).toContain("Restart any duban serve");
        expect(await contents(dst.url)).toEqual(snapshot);

        // Over the live ledger after it changed, with the server still running on it.
        expect((await runDuban(["--db", src.url, "ingest", later])).code).toBe(0);
        expect((await contents(src.url)).reports).toBe("10");
        const over = await runDuban(["--db", src.url, "restore", file]);
        expect(over.stderr).toBe("");
        expect(over.code).toBe(0);
        expect(await contents(src.url)).toEqual(snapshot);
        server.child.kill("SIGTERM");
        expect(await server.exited).toBe(0);
        expect(await contents(src.url)).toEqual(snapshot);
      } finally {
        if (server.child.exitCode === null) server.child.kill("SIGKILL");
        await src.drop();
        await dst.drop();
      }
    },
    120_000,
  );

  it("refuses a file that is not a duban backup, and a backup of the other kind, and changes nothing", async () => {
    const t = await freshTarget(dialect);
    try {
      expect((await runDuban(["--db", t.url, "db", "migrate"])).code).toBe(0);
      const before = await contents(t.url);
      const junk = join(t.dir, "notes.txt");
      writeFileSync(junk, "这不是备份 not a backup\n");
      const r = await runDuban(["--db", t.url, "restore", junk]);
      expect(r.code).toBe(1);
      expect(r.errLines).toEqual([expect.stringMatching(/notes\.txt: not a duban backup: /)]);

      // A SQLite file that is no ledger.
      const other = await freshTarget("sqlite");
      try {
        const plain = join(other.dir, "plain.sqlite");
        const { default: SQLite } = await import("better-sqlite3");
        const s = new SQLite(plain);
        s.exec("CREATE TABLE t (x)");
        s.close();
        const r2 = await runDuban(["--db", t.url, "restore", plain]);
        expect(r2.code).toBe(1);
        expect(r2.errLines[0]).toMatch(
          dialect === "sqlite"
            ? /plain\.sqlite: not a duban backup: it holds no duban ledger tables/
            : /plain\.sqlite: this is a SQLite backup: restore it with --db sqlite:PATH/,
        );
      } finally {
        await other.drop();
      }
      const missing = await runDuban(["--db", t.url, "restore", join(t.dir, "nope.dump")]);
      expect(missing.code).toBe(2);
      expect(await contents(t.url)).toEqual(before);
    } finally {
      await t.drop();
    }
  });
});
