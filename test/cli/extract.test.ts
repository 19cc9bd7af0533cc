import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/width.js";
import { Extraction } from "../../src/contract/extraction.js";
import { buildCli, CORPUS, HAS_CORPUS, jsonLines, ROOT, runCli, SAMPLE, STACK_FRAME } from "./helpers.js";

let tmp: string;

beforeAll(async () => {
  await buildCli();
  tmp = await mkdtemp(join(tmpdir(), "duban-cli-"));
}, 180_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Parses one JSON Lines record against the contract and checks every span against the decoded text. */
function checkAgainstText(record: unknown, text: string): Extraction {
  const x = Extraction.parse(record);
  expect(x.source.chars).toBe(text.length);
  for (const f of x.facts) {
    expect(f.end).toBeGreaterThan(f.start);
    expect(text.slice(f.start, f.end), `fact ${f.id}`).toBe(f.quote);
  }
  for (const t of x.tasks) {
    expect(t.end).toBeGreaterThan(t.start);
    expect(text.slice(t.start, t.end), `task ${t.id}`).toBe(t.text);
  }
  for (const s of x.sections) expect(s.end).toBeGreaterThanOrEqual(s.start);
  return x;
}

async function decodedText(path: string): Promise<string> {
  const r = await runCli(["extract", path, "--format", "text"]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe("duban extract --format json", () => {
  it("prints one contract object whose quotes are slices of the decoded text", async () => {
    const r = await runCli(["extract", SAMPLE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const records = jsonLines(r.stdout);
    expect(records).toHaveLength(1);
    const x = checkAgainstText(records[0], await decodedText(SAMPLE));
    const bytes = await readFile(join(ROOT, SAMPLE));
    expect(x.source.path).toBe(SAMPLE);
    expect(x.source.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(x.source.format).toBe("txt");
    expect(x.report.title).toContain("示例县");
    expect(x.report.summaryYear).toBe(2024);
    expect(x.report.planYear).toBe(2025);
    expect(x.facts.length).toBeGreaterThanOrEqual(15);
    expect(x.tasks.length).toBeGreaterThanOrEqual(5);
  });

  it.skipIf(!HAS_CORPUS)(
    "keeps input order and exact offsets for GB18030 and CRLF corpus files",
    async () => {
      const paths = [join(CORPUS, "district_hailar_2012.gb18030.txt"), SAMPLE, join(CORPUS, "cixi_2021.txt")];
      const r = await runCli(["extract", ...paths]);
      expect(r.code, r.stderr).toBe(0);
      const records = jsonLines(r.stdout);
      expect(records.map((x) => Extraction.parse(x).source.path)).toEqual(paths);
      for (const [i, path] of paths.entries()) checkAgainstText(records[i], await decodedText(path));
      const gb = Extraction.parse(records[0]);
      expect(gb.source.encoding).toMatch(/gb/i);
      expect(await decodedText(paths[0] as string)).toContain("\r\n"); // line endings kept, as offsets see them
    },
  );

  it("reads stdin for -", async () => {
    const bytes = await readFile(join(ROOT, SAMPLE));
    const [viaStdin, viaFile] = await Promise.all([
      runCli(["extract", "-"], { input: bytes }),
      runCli(["extract", SAMPLE]),
    ]);
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    const a = Extraction.parse(jsonLines(viaStdin.stdout)[0]);
    const b = Extraction.parse(jsonLines(viaFile.stdout)[0]);
    expect(a.source.path).toBe("<stdin>");
    expect(a.source.sha256).toBe(b.source.sha256);
    expect(a.facts).toEqual(b.facts);
    expect(a.tasks).toEqual(b.tasks);
  });

  it("walks a directory recursively, sorted, skipping hidden files and litter", async () => {
    const dir = join(tmp, "walk");
    const sample = await readFile(join(ROOT, SAMPLE));
    await mkdir(join(dir, "b/sub"), { recursive: true });
    await mkdir(join(dir, "a"), { recursive: true });
    await mkdir(join(dir, ".git"), { recursive: true });
    for (const f of [
      "b/sub/3.txt",
      "a/2.txt",
      "a/1.txt",
      "b/0.html",
      ".hidden.txt",
      ".git/x.txt",
      ".DS_Store",
    ]) {
      await writeFile(join(dir, f), sample);
    }
    await writeFile(join(dir, "Thumbs.db"), "x");
    const r = await runCli(["extract", dir]);
    expect(r.code, r.stderr).toBe(0);
    const paths = jsonLines(r.stdout).map((x) => Extraction.parse(x).source.path);
    expect(paths).toEqual(["a/1.txt", "a/2.txt", "b/0.html", "b/sub/3.txt"].map((p) => join(dir, p)));
  });
});

describe("duban extract --format table and text", () => {
  it("prints the header and the facts and tasks within the terminal width", async () => {
    const r = await runCli(["extract", SAMPLE, "--format", "table"], { env: { COLUMNS: "90" } });
    expect(r.code, r.stderr).toBe(0);
    const json = Extraction.parse(jsonLines((await runCli(["extract", SAMPLE])).stdout)[0]);
    expect(r.stdout).toContain(json.report.title as string);
    expect(r.stdout).toMatch(/^Facts \(\d+\)$/m);
    expect(r.stdout).toMatch(/^Tasks \(\d+\)$/m);
    expect(r.stdout).toMatch(/^id\s+kind\s+indicator\s+value\s+period\s+quote$/m);
    expect(r.stdout).toMatch(/^id\s+deadline\s+group\s+task$/m);
    expect(r.stdout).toContain("286.5亿元");
    for (const f of json.facts) expect(r.stdout).toMatch(new RegExp(`^${f.id}\\s+${f.kind}\\s`, "m"));
    for (const line of r.stdout.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(90);
  });

  it("prints exactly the decoded text for a single input", async () => {
    const r = await runCli(["extract", SAMPLE, "--format", "text"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(await readFile(join(ROOT, SAMPLE), "utf8"));
  });
});

describe("duban extract failures", () => {
  it("reports a bad file in one line, still prints the good one and exits 1", async () => {
    const empty = join(tmp, "empty.txt");
    await writeFile(empty, "");
    const r = await runCli(["extract", empty, SAMPLE]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout)).toHaveLength(1);
    expect(Extraction.parse(jsonLines(r.stdout)[0]).source.path).toBe(SAMPLE);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(new RegExp(`^duban: ${escapeRegExp(empty)}: .+ \\(.+\\)$`));
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("shows the stack with --debug", async () => {
    const empty = join(tmp, "empty-debug.txt");
    await writeFile(empty, "");
    const r = await runCli(["--debug", "extract", empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`duban: ${empty}: `);
    expect(r.stderr).toMatch(STACK_FRAME);
    expect(r.stdout).toBe("");
  });

  it("names a nonexistent path in its own line, processes the rest and exits 2", async () => {
    const missing = join(tmp, "no-such-report.txt");
    const r = await runCli(["extract", missing, SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`duban: ${missing}: no such file or directory (文件或目录不存在)`]);
    expect(jsonLines(r.stdout)).toHaveLength(1);
  });

  it("exits 2 on usage errors without a stack", async () => {
    for (const args of [["extract"], ["extract", SAMPLE, "--format", "xml"], ["extract", SAMPLE, "--nope"]]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^duban: /);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stdout).toBe("");
    }
    const bad = await runCli(["extract", SAMPLE, "--max-size", "0"]);
    expect(bad.code).toBe(2);
  });

  it("exits 2 with one line on an invalid environment", async () => {
    const r = await runCli(["extract", SAMPLE], { env: { DUBAN_MAX_INPUT_MB: "lots" } });
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^duban: DUBAN_MAX_INPUT_MB: .*"lots"/);
    expect(r.stdout).toBe("");
  });

  it("prints the version and exits 0", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe("duban extract size limit", () => {
  it("refuses a file over --max-size from its size alone", async () => {
    // 3 GiB, sparse: reading it into memory would fail differently (Node refuses > 2 GiB) or take long.
    const big = join(tmp, "huge.txt");
    await writeFile(big, "");
    await truncate(big, 3 * 1024 ** 3);
    const started = Date.now();
    const r = await runCli(["extract", "--max-size", "1", big, SAMPLE]);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([
      expect.stringMatching(
        new RegExp(`^duban: ${escapeRegExp(big)}: The input is 3072 MB, more than the limit of 1 MB`),
      ),
    ]);
    expect(jsonLines(r.stdout)).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("refuses just over the limit, set by --max-size or DUBAN_MAX_INPUT_MB", async () => {
    const over = join(tmp, "over.txt");
    await writeFile(over, "各位代表：地区生产总值增长6%。\n".repeat(40_000).slice(0, 1024 * 1024 + 1));
    const viaFlag = await runCli(["extract", "--max-size", "1", over]);
    const viaEnv = await runCli(["extract", over], { env: { DUBAN_MAX_INPUT_MB: "1" } });
    const flagWins = await runCli(["extract", "--max-size", "0.5", SAMPLE], {
      env: { DUBAN_MAX_INPUT_MB: "1" },
    });
    for (const r of [viaFlag, viaEnv]) {
      expect(r.code).toBe(1);
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toContain("more than the limit of 1 MB");
    }
    expect(flagWins.code, flagWins.stderr).toBe(0); // the sample is far below 0.5 MB
    const tiny = await runCli(["extract", "--max-size", "0.001", SAMPLE]);
    expect(tiny.code).toBe(1);
    expect(tiny.errLines[0]).toContain("limit");
  });

  it("stops reading stdin once it is over the limit", async () => {
    const r = await runCli(["extract", "--max-size", "1", "-"], {
      input: Buffer.alloc(3 * 1024 * 1024, 0x61),
    });
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([
      expect.stringMatching(
        /^duban: <stdin>: The input is larger than the limit of 1 MB\. Raise the limit with --max-size/,
      ),
    ]);
    expect(r.stdout).toBe("");
  });
});

describe("duban extract --out", () => {
  it("writes one file per input atomically, suffixing clashing names", async () => {
    const src = join(tmp, "out-src");
    await mkdir(join(src, "x"), { recursive: true });
    await mkdir(join(src, "y"), { recursive: true });
    const sample = await readFile(join(ROOT, SAMPLE));
    await writeFile(join(src, "x/report.txt"), sample);
    await writeFile(join(src, "y/report.txt"), sample);
    const out = join(tmp, "out/nested");
    const r = await runCli(["extract", src, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect((await readdir(out)).sort()).toEqual(["report-2.json", "report.json"]);
    const first = Extraction.parse(JSON.parse(await readFile(join(out, "report.json"), "utf8")));
    const second = Extraction.parse(JSON.parse(await readFile(join(out, "report-2.json"), "utf8")));
    expect(first.source.path).toBe(join(src, "x/report.txt"));
    expect(second.source.path).toBe(join(src, "y/report.txt"));

    // text and table next to them; rerunning overwrites rather than piling up files
    for (const format of ["text", "table", "text"]) {
      const again = await runCli(["extract", join(src, "x/report.txt"), "--out", out, "--format", format]);
      expect(again.code, again.stderr).toBe(0);
    }
    expect((await readdir(out)).sort()).toEqual([
      "report-2.json",
      "report.json",
      "report.table.txt",
      "report.txt",
    ]);
    expect(await readFile(join(out, "report.txt"), "utf8")).toBe(sample.toString("utf8"));
    expect(await readFile(join(out, "report.table.txt"), "utf8")).toContain("Facts (");
  });

  it("never overwrites an input and leaves no temp file when an input fails", async () => {
    const dir = join(tmp, "out-same");
    await mkdir(dir, { recursive: true });
    const sample = await readFile(join(ROOT, SAMPLE));
    await writeFile(join(dir, "r.txt"), sample);
    await writeFile(join(dir, "bad.txt"), "");
    const r = await runCli([
      "extract",
      join(dir, "r.txt"),
      join(dir, "bad.txt"),
      "--out",
      dir,
      "--format",
      "text",
    ]);
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(1);
    expect((await readdir(dir)).sort()).toEqual(["bad.txt", "r-2.txt", "r.txt"]);
    expect(await readFile(join(dir, "r.txt"))).toEqual(sample);
  });

  it("refuses an --out that is a file", async () => {
    const file = join(tmp, "not-a-dir");
    await writeFile(file, "x");
    const r = await runCli(["extract", SAMPLE, "--out", file]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`duban: ${file}: exists and is not a directory (已存在且不是目录)`]);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
