import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/cli/config.js";
import { isSkippedName } from "../../src/cli/inputs.js";
import { OutNames, writeFileAtomic } from "../../src/cli/output.js";
import { formatValue, renderTable } from "../../src/cli/render.js";
import { charWidth, displayWidth, padTo, truncate } from "../../src/cli/width.js";
import type { Extraction, Fact } from "../../src/contract/extraction.js";

describe("display width", () => {
  it("counts CJK and fullwidth characters as two columns", () => {
    expect(displayWidth("GDP")).toBe(3);
    expect(displayWidth("地区生产总值")).toBe(12);
    expect(displayWidth("增长6.3%，")).toBe(4 + 4 + 2);
    expect(displayWidth("６％")).toBe(4);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("“十四五”")).toBe(8);
    expect(displayWidth("𠀀")).toBe(2); // CJK extension B, a surrogate pair
    expect(charWidth(0x3000)).toBe(2); // ideographic space
  });

  it("truncates to the column, never splitting a wide character", () => {
    expect(truncate("地区生产总值", 7)).toBe("地区生…");
    expect(displayWidth(truncate("地区生产总值", 7))).toBe(7);
    expect(truncate("地区生产总值", 6)).toBe("地区…");
    expect(truncate("地区", 4)).toBe("地区");
    expect(padTo("地区", 6)).toBe("地区  ");
    expect(truncate("abc", 0)).toBe("");
  });
});

const fact = (over: Partial<Fact>): Fact => ({
  id: "f1",
  kind: "actual",
  indicator: "地区生产总值",
  subject: null,
  measure: "level",
  value: 286.5,
  valueMax: null,
  unit: "亿元",
  normalized: null,
  comparator: "=",
  basis: null,
  period: { from: 2024, to: 2024 },
  section: null,
  quote: "全年实现地区生产总值286.5亿元",
  start: 0,
  end: 18,
  ...over,
});

describe("table view", () => {
  it("formats values with comparators and ranges", () => {
    expect(formatValue(fact({}))).toBe("286.5亿元");
    expect(formatValue(fact({ comparator: ">=", value: 5, unit: "%" }))).toBe(">=5%");
    expect(formatValue(fact({ comparator: "~", value: 6, unit: "%" }))).toBe("~6%");
    expect(formatValue(fact({ comparator: "range", value: 1, valueMax: 2, unit: "家" }))).toBe("1-2家");
    expect(formatValue(fact({ measure: "change", value: -3, unit: "%" }))).toBe("-3%");
  });

  it("keeps every line within the width, even for long CJK quotes and narrow terminals", () => {
    const x: Extraction = {
      source: {
        path: "a.txt",
        sha256: "0".repeat(64),
        format: "txt",
        encoding: "utf-8",
        script: "simplified",
        chars: 99,
      },
      report: {
        title: "示例县2025年政府工作报告",
        region: "示例县",
        date: null,
        summaryYear: 2024,
        planYear: 2025,
      },
      sections: [],
      facts: [
        fact({}),
        fact({
          id: "f2",
          indicator: "城镇居民人均可支配收入和农村居民人均可支配收入",
          quote: "很长的引文\n换行".repeat(30),
        }),
      ],
      tasks: [
        {
          id: "t1",
          group: "做强实体经济",
          text: "年底前建成新材料产业园二期标准厂房20万平方米".repeat(5),
          section: null,
          facts: [],
          deadline: "2025-12-31",
          start: 0,
          end: 10,
        },
      ],
    };
    for (const width of [40, 80, 200]) {
      const out = renderTable(x, width);
      expect(out).toContain("示例县2025年政府工作报告");
      expect(out).toContain("2025-12-31");
      for (const line of out.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    }
    expect(renderTable(x, 200)).not.toContain("\n换行"); // newlines inside a quote do not break rows
  });
});

describe("inputs and outputs", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "duban-units-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("skips hidden files and OS litter only", () => {
    for (const n of [".DS_Store", ".hidden.txt", "Thumbs.db", "~$报告.docx", "报告.txt~", "x.swp"]) {
      expect(isSkippedName(n), n).toBe(true);
    }
    for (const n of ["报告.txt", "report", "a.pdf", "2024.docx"]) expect(isSkippedName(n), n).toBe(false);
  });

  it("gives clashing names a numeric suffix and never names an input", () => {
    const names = new OutNames(dir, ".txt", [join(dir, "a.txt")]);
    expect(names.next("/x/a.txt", false)).toBe(join(dir, "a-2.txt"));
    expect(names.next("/y/a.html", false)).toBe(join(dir, "a-3.txt"));
    expect(names.next("/y/b.txt", false)).toBe(join(dir, "b.txt"));
    expect(names.next("-", true)).toBe(join(dir, "stdin.txt"));
  });

  it("writes atomically and leaves no temp file behind", async () => {
    const path = join(dir, "out.json");
    await writeFile(path, "old");
    await writeFileAtomic(path, "new");
    expect(await readFile(path, "utf8")).toBe("new");
    await expect(writeFileAtomic(join(dir, "missing/x.json"), "x")).rejects.toThrow();
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("reads limits from the environment once, in megabytes", () => {
    expect(loadConfig({}).maxInputBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ DUBAN_MAX_INPUT_MB: "2" }).maxInputBytes).toBe(2 * 1024 * 1024);
    expect(loadConfig({ DUBAN_MAX_INPUT_MB: "" }).maxInputBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ DUBAN_MAX_DECOMPRESSED_MB: "0.5" }).maxDecompressedBytes).toBe(512 * 1024);
    expect(loadConfig({ COLUMNS: "nonsense" }).columns).toBe(120);
    expect(() => loadConfig({ DUBAN_MAX_INPUT_MB: "-1" })).toThrow(/positive number/);
    expect(() => loadConfig({ DUBAN_MAX_DECOMPRESSED_MB: "0" })).toThrow(/positive number/);
  });
});
