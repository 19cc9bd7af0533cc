/**
 * `npm run eval`: precision and recall of facts, and accuracy of kind, comparator, indicator and plan year,
 * against the hand-labelled files in gold/; then the plan-year GDP targets of ../shared/corpus/gdp-targets.tsv.
 * Flags: --verbose lists every miss and every spurious fact.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Extraction } from "../src/contract/extraction.js";
import { extractBytes } from "../src/core/pipeline.js";
import { type GoldFile, type ReportScore, scoreReport, totals } from "../src/evaluation/gold.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = resolve(root, "../shared/corpus");
const verbose = process.argv.includes("--verbose");

if (!existsSync(corpus)) {
  console.error(`eval: corpus not found at ${corpus} — nothing to evaluate.`);
  process.exit(2);
}

const pct = (x: number) => x.toFixed(3);
const scores: ReportScore[] = [];
for (const name of readdirSync(join(root, "gold"))
  .filter((f) => f.endsWith(".gold.json"))
  .sort()) {
  const gold = JSON.parse(readFileSync(join(root, "gold", name), "utf8")) as GoldFile;
  const bytes = readFileSync(join(corpus, gold.file));
  const { extraction, text } = await extractBytes(bytes, gold.file);
  const s = scoreReport(gold, text, extraction);
  scores.push(s);
  const t = totals([s]);
  console.log(
    `${gold.file.padEnd(30)} facts gold ${String(s.goldFacts).padStart(4)} pred ${String(s.predFacts).padStart(4)} matched ${String(s.pairs.length).padStart(4)}  P ${pct(t.precision)} R ${pct(t.recall)}  kind ${pct(t.kind)} cmp ${pct(t.comparator)} ind ${pct(t.indicator)}  planYear ${s.planYearOk ? "ok" : `WRONG (${extraction.report.planYear} vs ${gold.planYear})`}  tasks R ${pct(t.taskRecall)} P ${pct(t.taskPrecision)}`,
  );
  if (verbose) {
    for (const m of s.missed)
      console.log(
        `   MISS  ${m.item.at}  [${m.item.kind} ${m.item.indicator}]  …${text.slice(Math.max(0, m.start - 20), m.end + 6).replace(/\s+/g, " ")}`,
      );
    for (const f of s.spurious)
      console.log(
        `   EXTRA ${f.value}${f.valueMax !== null ? `-${f.valueMax}` : ""} ${f.unit} [${f.kind} ${f.indicator}]  …${f.quote.slice(-40).replace(/\s+/g, " ")}`,
      );
    for (const p of s.pairs) {
      const g = p.gold.item;
      const bad = [
        p.pred.kind !== g.kind ? `kind ${p.pred.kind}≠${g.kind}` : "",
        p.pred.comparator !== g.comparator ? `cmp ${p.pred.comparator}≠${g.comparator}` : "",
        !(await import("../src/evaluation/gold.js")).sameIndicator(p.pred.indicator, g.indicator)
          ? `ind ${p.pred.indicator}≠${g.indicator}`
          : "",
      ].filter(Boolean);
      if (bad.length)
        console.log(`   DIFF  ${g.at}  ${bad.join("; ")}  …${p.pred.quote.slice(-30).replace(/\s+/g, " ")}`);
    }
  }
}
const t = totals(scores);
console.log(
  `\nALL facts: precision ${pct(t.precision)}  recall ${pct(t.recall)}  | accuracy: kind ${pct(t.kind)}  comparator ${pct(t.comparator)}  indicator ${pct(t.indicator)}  planYear ${pct(t.planYear)}  | tasks: recall ${pct(t.taskRecall)} precision ${pct(t.taskPrecision)}`,
);

// Plan-year GDP growth targets: each must come out as a target fact with the right value, unit, comparator and span.
const tsvPath = join(corpus, "gdp-targets.tsv");
if (existsSync(tsvPath)) {
  const rows = readFileSync(tsvPath, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split("\t"));
  let ok = 0;
  const cache = new Map<string, Extraction>();
  for (const r of rows) {
    const [file, planYear, , value, valueMax, unit, comparator, , start, end] = r as string[];
    if (!file) continue;
    let ex = cache.get(file);
    if (!ex) {
      ex = (await extractBytes(readFileSync(join(corpus, file)), file)).extraction;
      cache.set(file, ex);
    }
    const s = Number(start);
    const e = Number(end);
    const hit = ex.facts.find(
      (f) =>
        f.kind === "target" &&
        f.value === Number(value) &&
        (valueMax ? f.valueMax === Number(valueMax) : f.valueMax === null) &&
        f.unit === unit &&
        f.comparator === comparator &&
        f.start < e &&
        f.end > s &&
        f.end <= e + 2,
    );
    const yearOk = ex.report.planYear === Number(planYear);
    if (hit && yearOk) ok++;
    else
      console.log(
        `GDP target MISSED: ${file} (${value}${unit} ${comparator}) ${yearOk ? "" : `planYear ${ex.report.planYear}≠${planYear}`}`,
      );
  }
  console.log(`GDP growth targets (gdp-targets.tsv): ${ok}/${rows.length} right`);
}
