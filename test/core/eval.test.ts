import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { extractBytes } from "../../src/core/pipeline.js";
import { type GoldFile, locate, sameIndicator, scoreReport, totals } from "../../src/evaluation/gold.js";

const root = resolve(import.meta.dirname, "../..");
const corpus = resolve(root, "../shared/corpus");
const present = existsSync(corpus);
if (!present) console.warn(`SKIPPED gold evaluation: ${corpus} is absent`);

describe("gold helpers", () => {
  it("locates a label by context, occurrence and figure", () => {
    const text = "增长5%。又增长5%左右。";
    expect(locate(text, "增长5%", 1, "5%")).toEqual({ start: 8, end: 10 });
    expect(() => locate(text, "下降", 0, "5%")).toThrow(/not found/);
  });
  it("compares indicators by name containment", () => {
    expect(sameIndicator("生产总值", "地区生产总值")).toBe(true);
    expect(sameIndicator("财政收入", "地区生产总值")).toBe(false);
    expect(sameIndicator(null, "地区生产总值")).toBe(false);
    expect(sameIndicator("出栏生猪", "生猪出栏")).toBe(true);
    expect(sameIndicator("出栏生猪", "生猪存栏")).toBe(false);
  });
});

// A regression floor on the hand-labelled reports: `npm run eval` prints the figures themselves.
describe.skipIf(!present)("extraction quality on gold files", () => {
  it("stays above the measured floor", async () => {
    const scores = [];
    for (const name of readdirSync(join(root, "gold")).filter((f) => f.endsWith(".gold.json"))) {
      const gold = JSON.parse(readFileSync(join(root, "gold", name), "utf8")) as GoldFile;
      const { extraction, text } = await extractBytes(readFileSync(join(corpus, gold.file)), gold.file);
      scores.push(scoreReport(gold, text, extraction));
    }
    const t = totals(scores);
    expect(t.precision).toBeGreaterThanOrEqual(0.97);
    expect(t.recall).toBeGreaterThanOrEqual(0.95);
    expect(t.kind).toBeGreaterThanOrEqual(0.95);
    expect(t.comparator).toBeGreaterThanOrEqual(0.95);
    expect(t.indicator).toBeGreaterThanOrEqual(0.85);
    expect(t.planYear).toBe(1);
  });
});
