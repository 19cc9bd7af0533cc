import type { SectionRole } from "../../contract/extraction.js";
import { FURNITURE_LINE, ROLE_RULES } from "./lexicon.js";

/** A line of the view with what the structure pass decided about it. */
export interface Line {
  start: number;
  end: number;
  text: string;
  /** Page furniture or a repeated copy of earlier text: yields no facts or tasks. */
  skip: boolean;
  /** Set on heading lines; `headingEnd` is where the heading stops when it runs into the first sentence. */
  heading?: { level: number; end: number; text: string };
}

export interface RawSection {
  level: number;
  heading: string;
  role: SectionRole;
  start: number; // view offsets
  end: number;
  headingEnd: number;
  parent: number | null; // index into the list
}

const NUMBERED: Array<[RegExp, number]> = [
  [/^第[一二三四五六七八九十]+(?:部分|章)[、:：\s]?/u, 1],
  [/^[一二三四五六七八九十]+[、.．]/u, 1],
  [/^[(（][一二三四五六七八九十]+[)）]、?/u, 2],
  [/^[0-9]{1,2}[、.．](?![0-9])/u, 3],
  [/^[(（][0-9]{1,2}[)）]/u, 3],
  [/^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]/u, 4],
];

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf("\n", pos);
    if (nl < 0) nl = text.length;
    if (nl > pos) lines.push({ start: pos, end: nl, text: text.slice(pos, nl), skip: false });
    pos = nl + 1;
  }
  return lines;
}

/** Marks page furniture and repeated copies of the body. */
export function markSkipped(lines: Line[]): void {
  const seenSentences = new Set<string>();
  // The report's closing words; what follows them is page furniture unless it reads as report prose.
  let closing = -1;
  for (let i = lines.length - 1; i >= Math.floor(lines.length * 0.5); i--) {
    if (
      /(?:而(?:努力|不懈|团结)?奋斗|努力奋斗|再立新功|新的更大贡献|谱写.{0,20}新篇章)[!！。]?$/u.test(
        lines[i]?.text ?? "",
      )
    ) {
      closing = i;
      break;
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const t = line.text;
    if (FURNITURE_LINE.test(t) && (t.length < 120 || /本站|侵权|转载|举报|试读/u.test(t))) {
      line.skip = true;
      continue;
    }
    if (/^[=\-_*#.·…]{4,}|^[0-9a-f]{16,}:?$/u.test(t)) {
      line.skip = true;
      continue;
    }
    if (closing >= 0 && i > closing && !/[。；;]/u.test(t)) {
      line.skip = true;
      continue;
    }
    // A body printed twice on one page, or an opening sentence repeated at the end: drop the repeats.
    const sentences = t.split(/(?<=[。！!？?；;])/u).filter((s) => s.length >= 16);
    if (sentences.length > 0 && sentences.every((s) => seenSentences.has(s))) {
      line.skip = true;
      continue;
    }
    for (const s of sentences) seenSentences.add(s);
  }
}

/** Finds headings among lines; returns them with their level. */
export function detectHeadings(lines: Line[]): void {
  for (const line of lines) {
    if (line.skip) continue;
    const t = line.text;
    let level = 0;
    let numLen = 0;
    for (const [re, lv] of NUMBERED) {
      const m = re.exec(t);
      if (m) {
        level = lv;
        numLen = m[0].length;
        break;
      }
    }
    if (level === 0) {
      // Unnumbered headings: short lines without sentence punctuation that name a part of the report.
      if (t.length <= 36 && !/[，,。；;：:！!？?]/u.test(t) && ROLE_RULES.some(([re]) => re.test(t))) {
        line.heading = { level: 1, end: line.end, text: t };
      }
      continue;
    }
    if (level >= 3 && !/[。；;]$|^[^，,。]{2,30}$/u.test(t.slice(0, 40))) {
      // "1.创新药…：" list items inside prose are headings only when short.
      if (t.length > 40) continue;
    }
    const body = t.slice(numLen);
    let end: number;
    const stop = body.search(/[。！!？?；;]/u);
    if (t.length <= 50 && stop < 0) end = t.length;
    else if (stop >= 0 && stop <= 40) end = numLen + stop + 1;
    else {
      // Heading run into the first sentence: "一、2018年工作回顾2018年，…".
      const comma = body.search(/[，,：:]/u);
      const prefix = comma >= 0 ? body.slice(0, comma) : body.slice(0, 40);
      const runIn = /^(.{2,40}?)(?:[0-9]{4}年|过去一年|一年来|今年|我们|在[^，,]{2,}|面对)[\s\S]*$/u.exec(
        prefix,
      );
      if (runIn && ROLE_RULES.some(([re]) => re.test(runIn[1] as string)))
        end = numLen + (runIn[1] as string).length;
      else if (level <= 2 && prefix.length <= 40 && comma >= 0) end = numLen + comma;
      else continue;
    }
    line.heading = { level, end: line.start + end, text: t.slice(0, end).replace(/[。；;]$/u, "") };
  }
}

function roleOf(heading: string): SectionRole | null {
  for (const [re, role] of ROLE_RULES) if (re.test(heading)) return role;
  return null;
}

/** Builds the section tree from heading lines; roles from heading words, inherited down the tree. */
export function buildSections(lines: Line[], textLength: number, planYear: number | null): RawSection[] {
  const sections: RawSection[] = [];
  const stack: number[] = [];
  for (const line of lines) {
    const h = line.heading;
    if (!h) continue;
    while (stack.length > 0 && (sections[stack[stack.length - 1] as number] as RawSection).level >= h.level)
      stack.pop();
    const parent = stack.length > 0 ? (stack[stack.length - 1] as number) : null;
    const parentRole = parent === null ? null : (sections[parent] as RawSection).role;
    let role = roleOf(h.text);
    const year = /([0-9]{4})年/u.exec(h.text);
    if ((role === "review" || role === "plan") && year && planYear !== null && /工作/u.test(h.text)) {
      // The year decides between "2020年主要工作" (review) and "2021年主要工作" (plan).
      role = Number(year[1]) >= planYear ? "plan" : "review";
    } else if (role === null && year && planYear !== null) {
      const y = Number(year[1]);
      if (y >= planYear && /工作|任务/u.test(h.text)) role = "plan";
      else if (y < planYear && /工作/u.test(h.text)) role = "review";
    }
    // Below a top-level part, a heading keeps its parent's role unless it names targets or problems; the
    // subsections of a "总体要求和目标任务" part are its task areas.
    if (parentRole && role !== "targets" && role !== "problems") {
      role = (parentRole === "guidance" || parentRole === "targets") && role === null ? "plan" : parentRole;
    }
    if (role === null && h.level === 1 && sections.length > 0) {
      // An unnamed top-level part after the plan (政府自身建设 etc.) continues the plan.
      const prevTop = [...sections].reverse().find((s) => s.level === 1);
      if (prevTop && (prevTop.role === "plan" || prevTop.role === "targets" || prevTop.role === "guidance"))
        role = "plan";
    }
    sections.push({
      level: h.level,
      heading: h.text,
      role: role ?? "other",
      start: line.start,
      end: textLength,
      headingEnd: h.end,
      parent,
    });
    stack.push(sections.length - 1);
  }
  // A section ends where the next section of the same or a higher level starts.
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i] as RawSection;
    for (let j = i + 1; j < sections.length; j++) {
      const next = sections[j] as RawSection;
      if (next.level <= s.level) {
        s.end = next.start;
        break;
      }
    }
  }
  return sections;
}

/** Innermost section containing a view offset, or null. */
export function sectionAt(sections: RawSection[], pos: number): number | null {
  let best: number | null = null;
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i] as RawSection;
    if (s.start <= pos && pos < s.end) {
      if (best === null || (sections[best] as RawSection).level < s.level) best = i;
    }
  }
  return best;
}
