import { DubanError, ErrorCode } from "../errors.js";
import { parseChineseNumber } from "../numbers/chinese.js";
import { toSimplified } from "../read/script.js";
import { addDays, dayNumber } from "./index.js";

/**
 * Reads the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as pasted from a web page
 * or a document, so a year's calendar is complete the day the notice appears, without a release. Only the
 * numbered items are read (一、春节：…); title, preamble, closing words and signature give the year and the
 * source line. Anything inside an item that names a date and 放假/补休/上班 but cannot be read is an error
 * naming its line: silently dropping a day would shift deadlines.
 */
export interface ParsedNotice {
  year: number;
  /** Title with document number and date, as `HolidayYear.source` writes it. */
  source: string;
  holidays: { name: string; from: string; to: string }[];
  workdays: string[];
}

interface Line {
  no: number;
  raw: string;
  text: string;
}

interface Item {
  name: string;
  line: Line;
  segments: Line[];
}

interface DateToken {
  day: string;
  explicitYear: boolean;
}

/** Full-width ASCII folded, dashes unified, every kind of space dropped. */
function normalize(line: string): string {
  let out = "";
  for (const ch of line) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x2014 || c === 0x2013 || c === 0x2015 || c === 0x2212 || c === 0x301c) out += "-";
    else if (/[\s\u3000\u00a0\u200b\ufeff]/.test(ch)) continue;
    else out += ch;
  }
  return out.replace(/[〔【[]/g, "〔").replace(/[〕】\]]/g, "〕");
}

function fail(line: Line | null, en: string, zh: string): DubanError {
  const quote = line ? line.raw.trim() : "";
  const clipped = quote.length > 60 ? `${quote.slice(0, 60)}…` : quote;
  return new DubanError(
    ErrorCode.InvalidArgument,
    line ? `notice line ${line.no}: ${en}` : `notice: ${en}`,
    line ? `第${line.no}行：${zh}（“${clipped}”）` : zh,
    { target: "text", ...(line ? { line: line.no } : {}) },
  );
}

const ITEM_RE =
  /^(?:[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[、.]|\([一二三四五六七八九十\d]{1,3}\))([^:\d]{1,20}):(.*)$/;
const TITLE_RE = /关于(\d{4})年(?:部分)?节假日(?:放假)?安排的通知/;
const PREAMBLE_RE = /现将(\d{4})年/;
const DOC_NO_RE = /国办发明电〔(\d{4})〕(\d+)号/;
const ISSUED_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const STARTS_WITH_DATE = /^(?:\d{4}年)?\d{1,2}月\d{1,2}日/;
const DATE_RE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?/y;
const ANY_DATE = /\d{1,2}日/;
const KEYWORD = /放假|补休|上班/;
const RANGE_SEP = /[至到~-]/y;
const LIST_SEP = /、|和|及/y;
const WEEKDAY_RE = /(?:星期|周|礼拜)([一二三四五六日天])/;
const WEEKDAYS = "日一二三四五六";

const pad = (n: number) => String(n).padStart(2, "0");

/** 0 = Sunday … 6 = Saturday. */
function weekday(day: string): number {
  return (((dayNumber(day) + 4) % 7) + 7) % 7;
}

/** The clauses of a line, split at commas and full stops outside brackets; `end` marks a sentence's last. */
function clauses(text: string): { text: string; end: boolean }[] {
  const out: { text: string; end: boolean }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (i === text.length || (depth === 0 && (ch === "," || ch === ";" || ch === "。" || ch === "."))) {
      const part = text.slice(start, i);
      const end = ch === "。" || ch === ".";
      if (part) out.push({ text: part, end });
      else if (end && out.length > 0) (out.at(-1) as { end: boolean }).end = true;
      start = i + 1;
    }
  }
  return out;
}

/**
 * The dates a clause opens with: single days and ranges (2月15日至23日), separated by 、. A date without a
 * month or year takes the one before it in the clause (至23日, 、10日), else the notice's year.
 */
function leadingDates(
  clause: string,
  year: number,
  line: Line,
): { ranges: [DateToken, DateToken][]; rest: string } {
  const ranges: [DateToken, DateToken][] = [];
  let pos = 0;
  let y = year;
  let m: number | null = null;
  const readDate = (): DateToken | null => {
    DATE_RE.lastIndex = pos;
    const d = DATE_RE.exec(clause);
    if (!d) return null;
    if (d[1]) y = Number(d[1]);
    if (d[2]) m = Number(d[2]);
    if (m === null) throw fail(line, `no month in "${d[0]}"`, `日期“${d[0]}”缺少月份`);
    const day = `${y}-${pad(m)}-${pad(Number(d[3]))}`;
    try {
      dayNumber(day);
    } catch {
      throw fail(line, `no such day ${day}`, `日期“${d[0]}”不存在`);
    }
    const wd = WEEKDAY_RE.exec(d[4] ?? "");
    if (wd) {
      const said = WEEKDAYS.indexOf(wd[1] === "天" ? "日" : (wd[1] as string));
      if (said !== weekday(day))
        throw fail(
          line,
          `${day} is not a ${wd[0]} (wrong year?)`,
          `${y}年${m}月${Number(d[3])}日是星期${WEEKDAYS[weekday(day)]}，不是${wd[0]}（年份是否有误？）`,
        );
    }
    pos = DATE_RE.lastIndex;
    return { day, explicitYear: Boolean(d[1]) };
  };
  for (;;) {
    const from = readDate();
    if (!from) break;
    RANGE_SEP.lastIndex = pos;
    let to = from;
    if (RANGE_SEP.test(clause)) {
      pos = RANGE_SEP.lastIndex;
      const end = readDate();
      if (!end) throw fail(line, "a range without its last day", "日期范围缺少结束日期");
      to = end;
    }
    if (to.day < from.day) throw fail(line, `range ends before it starts`, `日期范围的结束日早于开始日`);
    ranges.push([from, to]);
    LIST_SEP.lastIndex = pos;
    if (!LIST_SEP.test(clause)) break;
    pos = LIST_SEP.lastIndex;
  }
  return { ranges, rest: clause.slice(pos) };
}

function expand(ranges: [DateToken, DateToken][]): string[] {
  const days: string[] = [];
  for (const [from, to] of ranges) for (let d = from.day; d <= to.day; d = addDays(d, 1)) days.push(d);
  return days;
}

function count(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  return parseChineseNumber(raw);
}

function readLines(text: string): {
  items: Item[];
  year: number | null;
  docNo: string | null;
  issued: string | null;
} {
  const lines = toSimplified(text).split(/\r\n|\r|\n|\u2028|\u2029/);
  const raws = text.split(/\r\n|\r|\n|\u2028|\u2029/);
  const items: Item[] = [];
  let title: number | null = null;
  let preamble: number | null = null;
  let docNo: string | null = null;
  let issued: string | null = null;
  let current: Item | null = null;
  lines.forEach((l, i) => {
    const line: Line = { no: i + 1, raw: raws[i] ?? l, text: normalize(l) };
    const t = line.text;
    if (!t) return;
    const item = ITEM_RE.exec(t);
    if (item) {
      current = { name: item[1] as string, line, segments: [{ ...line, text: item[2] as string }] };
      items.push(current);
      return;
    }
    const ti = TITLE_RE.exec(t);
    if (ti && title === null) title = Number(ti[1]);
    const pre = PREAMBLE_RE.exec(t);
    if (pre && preamble === null) preamble = Number(pre[1]);
    const doc = DOC_NO_RE.exec(t);
    if (doc) docNo = `国办发明电〔${doc[1]}〕${doc[2]}号`;
    const iss = ISSUED_RE.exec(t);
    if (iss) {
      issued = `${iss[1]}年${Number(iss[2])}月${Number(iss[3])}日`;
      current = null;
      return;
    }
    // A web page may break an item over lines: text goes on an unfinished item, or a line of dates (上班) after it.
    const open: Item | null = current;
    if (open && (!/[。.]$/.test((open.segments.at(-1) as Line).text) || STARTS_WITH_DATE.test(t)))
      open.segments.push(line);
    else current = null;
  });
  return { items, year: title ?? preamble, docNo, issued };
}

/**
 * Parses the notice. `year` is needed only when the text lacks the title and the preamble (现将YYYY年…); when
 * both are there they must agree.
 */
export function parseHolidayNotice(text: string, opts: { year?: number | undefined } = {}): ParsedNotice {
  const { items, year: found, docNo, issued } = readLines(text);
  if (items.length === 0)
    throw fail(
      null,
      "no numbered items such as 一、元旦：1月1日放假… were found",
      "未找到“一、元旦：1月1日放假……”这样的编号条目，请粘贴通知正文",
    );
  const first = (items[0] as Item).line;
  if (opts.year !== undefined && found !== null && opts.year !== found)
    throw fail(
      null,
      `the notice is for ${found}, not ${opts.year}`,
      `通知是${found}年的，不是${opts.year}年`,
    );
  const year = opts.year ?? found;
  if (year === null)
    throw fail(
      first,
      "the year is missing: keep the title (关于YYYY年部分节假日安排的通知) or give the year",
      "从这一行起的放假安排未注明年份：请保留通知标题（国务院办公厅关于YYYY年部分节假日安排的通知）或选择年份",
    );

  const holidayOf = new Map<string, Item>();
  const workdayLine = new Map<string, Line>();
  const holidays: ParsedNotice["holidays"] = [];
  for (const item of items) {
    const days = new Set<string>();
    let sentence = new Set<string>();
    for (const seg of item.segments) {
      for (const c of clauses(seg.text)) {
        readClause(c.text, seg, item, year, days, sentence, workdayLine);
        if (c.end) sentence = new Set();
      }
    }
    if (days.size === 0)
      throw fail(item.line, `no holiday dates for ${item.name}`, `“${item.name}”未找到放假日期`);
    const sorted = [...days].sort();
    for (const d of sorted) {
      const other = holidayOf.get(d);
      if (other && other !== item)
        throw fail(item.line, `${d} is also in ${other.name}`, `${d}同时出现在“${other.name}”中`);
      holidayOf.set(d, item);
      const last = holidays.at(-1);
      if (last && last.name === item.name && addDays(last.to, 1) === d) last.to = d;
      else holidays.push({ name: item.name, from: d, to: d });
    }
  }
  for (const [d, line] of workdayLine) {
    if (holidayOf.has(d)) throw fail(line, `${d} is both a holiday and a working day`, `${d}既放假又上班`);
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6)
      throw fail(
        line,
        `${d} is a weekday: only a Saturday or Sunday can be a 调休 working day`,
        `${Number(d.slice(5, 7))}月${Number(d.slice(8))}日是星期${WEEKDAYS[wd]}，调休上班日应是周六或周日`,
      );
  }
  const title = `国务院办公厅关于${year}年部分节假日安排的通知`;
  const note = [docNo, issued].filter((s): s is string => s !== null).join("，");
  return {
    year,
    source: note ? `${title}（${note}）` : title,
    holidays: holidays.sort((a, b) => (a.from < b.from ? -1 : 1)),
    workdays: [...workdayLine.keys()].sort(),
  };
}

function readClause(
  clause: string,
  line: Line,
  item: Item,
  year: number,
  days: Set<string>,
  sentence: Set<string>,
  workdays: Map<string, Line>,
): void {
  const total = /^共([\d一二三四五六七八九十]+)天$/.exec(clause);
  if (total) {
    checkCount(count(total[1]), sentence, line, item);
    return;
  }
  const { ranges, rest } = leadingDates(clause, year, line);
  const unreadable = () => fail(line, `cannot read "${clause}"`, `无法识别“${clause}”`);
  if (ranges.length === 0) {
    if (ANY_DATE.test(clause) && KEYWORD.test(clause)) throw unreadable();
    return;
  }
  for (const [from, to] of ranges)
    for (const t of [from, to])
      if (t.explicitYear && t.day.slice(0, 4) !== String(year) && t.day.slice(0, 4) !== String(year - 1))
        throw fail(line, `${t.day} is outside ${year}`, `日期${t.day}不属于${year}年的安排`);
  const off = /^(?:放假|休假)(?:调休|公休)?(?:共?([\d一二三四五六七八九十]+)天)?(?:调休)?$/.exec(rest);
  if (off || /^补休(?:1天|一天)?$/.test(rest)) {
    const list = expand(ranges);
    for (const d of list) {
      days.add(d);
      sentence.add(d);
    }
    if (off?.[1] !== undefined) checkCount(count(off[1]), new Set(list), line, item);
    return;
  }
  if (/^(?:照常)?上班$/.test(rest)) {
    for (const d of expand(ranges)) if (!workdays.has(d)) workdays.set(d, line);
    return;
  }
  if (KEYWORD.test(rest)) throw unreadable();
}

function checkCount(n: number | null, sentence: Set<string>, line: Line, item: Item): void {
  if (sentence.size === 0)
    throw fail(line, `a day count without the days before it`, `“${item.name}”写了天数，但前面没有放假日期`);
  if (n !== sentence.size) {
    const sorted = [...sentence].sort();
    throw fail(
      line,
      `${item.name}: the notice says ${n} days but ${sorted[0]}–${sorted.at(-1)} is ${sentence.size}`,
      `“${item.name}”写明共${n}天，但所列放假日期是${sentence.size}天`,
    );
  }
}
