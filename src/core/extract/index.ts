import type { Extraction, Fact, Section, Task } from "../../contract/extraction.js";
import { scanNumbers } from "../numbers/scan.js";
import { detectScript, toSimplified } from "../read/script.js";
import type { DecodedDocument } from "../read/types.js";
import { buildView, toOriginal } from "../text/view.js";
import { buildFacts } from "./facts.js";
import { readMetadata } from "./metadata.js";
import { buildSections, detectHeadings, type Line, markSkipped, sectionAt, splitLines } from "./structure.js";
import { buildTasks } from "./tasks.js";

export interface SourceRef {
  path: string;
  sha256: string;
}

/** Index of the line containing `pos`, by binary search over line starts. */
function lineAt(lines: Line[], pos: number): Line | undefined {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = lines[mid] as Line;
    if (pos < l.start) hi = mid - 1;
    else if (pos >= l.end) lo = mid + 1;
    else return l;
  }
  return undefined;
}

/** The whole extraction of one decoded document: metadata, sections, facts and tasks. */
export function extractReport(doc: DecodedDocument, source: SourceRef): Extraction {
  const script = detectScript(doc.text);
  const view = buildView(doc.text);
  const text = script === "traditional" ? toSimplified(view.text) : view.text;
  const lines = splitLines(text);
  markSkipped(lines);
  const meta = readMetadata(lines, text);
  if (meta.titleLine >= 0) (lines[meta.titleLine] as Line).skip = true;
  detectHeadings(lines);
  const raw = buildSections(lines, text.length, meta.planYear);
  const at = (pos: number) => sectionAt(raw, pos);

  const mentions = scanNumbers(text).filter((m) => {
    const line = lineAt(lines, m.start);
    if (!line || line.skip) return false;
    // Heading numbering (一、 (三) 1.) is not a figure; the rest of a heading may hold one.
    return true;
  });
  const viewFacts = buildFacts(mentions, {
    text,
    planYear: meta.planYear,
    summaryYear: meta.summaryYear,
    roleAt: (pos) => {
      const s = at(pos);
      return { role: s === null ? null : (raw[s] as (typeof raw)[number]).role, section: s };
    },
  });
  const viewTasks = buildTasks(text, lines, raw, at, meta.planYear);

  const sid = (i: number | null) => (i === null ? null : `s${i + 1}`);
  const sections: Section[] = raw.map((s, i) => {
    const span = toOriginal(view, s.start, s.end);
    // The heading as written (full-width brackets and all), trimmed of the spaces a view folds away.
    const h = toOriginal(view, s.start, s.start + s.heading.length);
    const heading =
      doc.text
        .slice(h.start, h.end)
        .replace(/\s+/gu, "")
        .replace(/[。；;]$/u, "") || s.heading;
    return {
      id: `s${i + 1}`,
      parent: sid(s.parent),
      heading,
      role: s.role,
      start: span.start,
      end: span.end,
    };
  });
  const facts: Fact[] = viewFacts.map((f, i) => {
    const span = toOriginal(view, f.start, f.end);
    const { mentionStart: _m, start: _s, end: _e, section, ...rest } = f;
    return {
      id: `f${i + 1}`,
      ...rest,
      section: sid(section),
      quote: doc.text.slice(span.start, span.end),
      ...span,
    };
  });
  // Facts and tasks are both in text order: one forward pass links each task to the facts inside it.
  let cursor = 0;
  const tasks: Task[] = viewTasks.map((t, i) => {
    const span = toOriginal(view, t.start, t.end);
    while (
      cursor < viewFacts.length &&
      (viewFacts[cursor] as (typeof viewFacts)[number]).mentionStart < t.start
    )
      cursor++;
    const inside: string[] = [];
    for (
      let j = cursor;
      j < viewFacts.length && (viewFacts[j] as (typeof viewFacts)[number]).mentionStart < t.end;
      j++
    )
      if ((viewFacts[j] as (typeof viewFacts)[number]).end <= t.end) inside.push(`f${j + 1}`);
    return {
      id: `t${i + 1}`,
      group: t.group,
      text: doc.text.slice(span.start, span.end),
      section: sid(t.section),
      facts: inside,
      deadline: t.deadline,
      ...span,
    };
  });
  return {
    source: {
      path: source.path,
      sha256: source.sha256,
      format: doc.format,
      encoding: doc.encoding,
      script,
      chars: doc.text.length,
    },
    report: {
      title: meta.title,
      region: meta.region,
      date: meta.date,
      summaryYear: meta.summaryYear,
      planYear: meta.planYear,
    },
    sections,
    facts,
    tasks,
  };
}
