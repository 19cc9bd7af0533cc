import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Extraction } from "../../src/contract/extraction.js";
import { extractBytes } from "../../src/core/pipeline.js";

const corpus = resolve(import.meta.dirname, "../../../shared/corpus");
const present = existsSync(corpus);
if (!present) console.warn(`SKIPPED corpus tests: ${corpus} is absent`);
const files = present
  ? readdirSync(corpus)
      .filter((f) => f.endsWith(".txt"))
      .sort()
  : [];

describe.skipIf(!present)("every corpus report", () => {
  it.each(files)("%s: valid contract, quotes are exact slices", async (name) => {
    const bytes = readFileSync(join(corpus, name));
    const { extraction, text } = await extractBytes(bytes, name);
    const parsed = Extraction.safeParse(extraction);
    expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
    expect(extraction.source.chars).toBe(text.length);
    for (const f of extraction.facts) expect(text.slice(f.start, f.end)).toBe(f.quote);
    for (const t of extraction.tasks) {
      expect(t.end).toBeGreaterThan(t.start);
      for (const id of t.facts) expect(extraction.facts.some((f) => f.id === id)).toBe(true);
    }
    for (const s of extraction.sections) expect(s.end).toBeGreaterThanOrEqual(s.start);
    expect(extraction.facts.length).toBeGreaterThan(10);
    expect(extraction.report.planYear).not.toBeNull();
  });

  it.each(files.filter((f) => f.endsWith(".gb18030.txt")))(
    "%s gives the same facts as its UTF-8 twin",
    async (name) => {
      const gbk = await extractBytes(readFileSync(join(corpus, name)), name);
      const twin = name.replace(".gb18030.txt", ".txt");
      const utf8 = await extractBytes(readFileSync(join(corpus, twin)), twin);
      expect(gbk.extraction.source.encoding).toBe("gb18030");
      const key = (e: Extraction) =>
        e.facts.map((f) => [
          f.kind,
          f.indicator,
          f.value,
          f.valueMax,
          f.unit,
          f.comparator,
          f.quote.replace(/\r/g, ""),
        ]);
      expect(key(gbk.extraction)).toEqual(key(utf8.extraction));
      expect(gbk.extraction.report).toEqual(utf8.extraction.report);
    },
  );

  it("a page whose body appears twice yields each fact once", async () => {
    const name = "cixi_2021.txt";
    const once = (await extractBytes(readFileSync(join(corpus, name)), name)).extraction.facts.length;
    const doubled = Buffer.concat([
      readFileSync(join(corpus, name)),
      Buffer.from("\n"),
      readFileSync(join(corpus, name)),
    ]);
    const twice = (await extractBytes(doubled, name)).extraction.facts.length;
    expect(twice).toBe(once);
  });
});

describe.skipIf(!present)("plan-year GDP growth targets (gdp-targets.tsv)", () => {
  const rows = present
    ? readFileSync(join(corpus, "gdp-targets.tsv"), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split("\t"))
    : [];
  it.each(rows.map((r) => [r[0], r] as const))("%s", async (_name, row) => {
    const [file, planYear, , value, valueMax, unit, comparator, quote, start, end] = row as string[];
    const { extraction, text } = await extractBytes(
      readFileSync(join(corpus, file as string)),
      file as string,
    );
    expect(text.slice(Number(start), Number(end))).toBe(quote);
    expect(extraction.report.planYear).toBe(Number(planYear));
    const hit = extraction.facts.find(
      (f) =>
        f.kind === "target" &&
        f.start < Number(end) &&
        f.end > Number(start) &&
        f.unit === unit &&
        f.value === Number(value),
    );
    expect(hit, `no target fact over "${quote}"`).toBeDefined();
    expect(hit?.comparator).toBe(comparator);
    expect(hit?.valueMax ?? null).toBe(valueMax ? Number(valueMax) : null);
  });
});
