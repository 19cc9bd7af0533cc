import type { Extraction, Fact, Task } from "../contract/extraction.js";
import { displayWidth, padTo, truncate } from "./width.js";

export type OutputFormat = "json" | "table" | "text";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["json", "table", "text"];

/** File name suffix for `--out`. */
export const OUT_SUFFIX: Record<OutputFormat, string> = { json: ".json", table: ".table.txt", text: ".txt" };

/** One JSON Lines record: the contract object on one line. */
export function renderJson(extraction: Extraction): string {
  return `${JSON.stringify(extraction)}\n`;
}

/** Spaces for anything that would break a table row. */
function oneLine(s: string): string {
  return s.replace(/[\s\p{Cc}]+/gu, " ").trim();
}

const COMPARATOR: Record<Fact["comparator"], string> = {
  "=": "",
  ">=": ">=",
  ">": ">",
  "<=": "<=",
  "<": "<",
  "~": "~",
  range: "",
};

export function formatValue(f: Pick<Fact, "comparator" | "value" | "valueMax" | "unit">): string {
  const amount =
    f.comparator === "range" && f.valueMax !== null ? `${f.value}-${f.valueMax}` : String(f.value);
  return `${COMPARATOR[f.comparator]}${amount}${f.unit}`;
}

function formatPeriod(p: Fact["period"]): string {
  if (!p) return "";
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}

interface Column<T> {
  title: string;
  cell: (row: T) => string;
  /** Widest the column may grow; the last column takes what is left of the line. */
  max: number;
}

/** Rows laid out in columns, two spaces apart, each line at most `width` columns wide. */
function table<T>(rows: readonly T[], columns: readonly Column<T>[], width: number): string[] {
  const cells = rows.map((r) => columns.map((c) => oneLine(c.cell(r))));
  const widths = columns.map((c, i) =>
    Math.min(c.max, Math.max(displayWidth(c.title), ...cells.map((row) => displayWidth(row[i] ?? "")))),
  );
  const gap = 2;
  const minLast = 10;
  const fixedWidth = () => widths.slice(0, -1).reduce((a, b) => a + b + gap, 0);
  // On a narrow terminal, narrow the widest of the other columns first (down to 4) to leave the last one room.
  while (fixedWidth() + minLast > width) {
    const i = widths.slice(0, -1).reduce((best, w, j) => (w > (widths[best] ?? 0) ? j : best), 0);
    if ((widths[i] ?? 0) <= 4) break;
    widths[i] = (widths[i] ?? 0) - 1;
  }
  const last = Math.min(widths[widths.length - 1] ?? 0, Math.max(minLast, width - fixedWidth()));
  widths[widths.length - 1] = last;
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? truncate(v, last) : padTo(v, widths[i] ?? 0)))
      .join(" ".repeat(gap))
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)];
}

const FACT_COLUMNS: readonly Column<Fact>[] = [
  { title: "id", cell: (f) => f.id, max: 6 },
  { title: "kind", cell: (f) => f.kind, max: 6 },
  { title: "indicator", cell: (f) => f.indicator ?? "-", max: 24 },
  { title: "value", cell: formatValue, max: 22 },
  { title: "period", cell: (f) => formatPeriod(f.period), max: 9 },
  { title: "quote", cell: (f) => f.quote, max: Number.POSITIVE_INFINITY },
];

const TASK_COLUMNS: readonly Column<Task>[] = [
  { title: "id", cell: (t) => t.id, max: 6 },
  { title: "deadline", cell: (t) => t.deadline ?? "", max: 10 },
  { title: "group", cell: (t) => t.group ?? "-", max: 20 },
  { title: "task", cell: (t) => t.text, max: Number.POSITIVE_INFINITY },
];

/** A readable view of one extraction, every line at most `width` display columns. */
export function renderTable(x: Extraction, width: number): string {
  const { source: s, report: r } = x;
  const years = [
    r.summaryYear === null ? null : `review ${r.summaryYear}`,
    r.planYear === null ? null : `plan ${r.planYear}`,
  ].filter((v) => v !== null);
  const header = [
    oneLine(r.title ?? "(no title)"),
    `region: ${r.region ?? "-"}   years: ${years.join(", ") || "-"}   date: ${r.date ?? "-"}`,
    `source: ${s.path}   ${s.format}, ${s.encoding}, ${s.script}, ${s.chars} chars`,
    `${x.sections.length} sections, ${x.facts.length} facts, ${x.tasks.length} tasks`,
  ].map((l) => truncate(l, width));
  const out = [...header, ""];
  out.push(`Facts (${x.facts.length})`);
  out.push(...(x.facts.length ? table(x.facts, FACT_COLUMNS, width) : ["(none)"]));
  out.push("", `Tasks (${x.tasks.length})`);
  out.push(...(x.tasks.length ? table(x.tasks, TASK_COLUMNS, width) : ["(none)"]));
  return `${out.join("\n")}\n`;
}
