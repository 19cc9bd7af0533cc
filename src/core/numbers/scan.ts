import type { Comparator, Measure } from "../../contract/extraction.js";
import { parseChineseNumber, parseYear } from "./chinese.js";
import { INNER_QUALIFIERS, POST_QUALIFIERS, PRE_QUALIFIERS, RANGE_CONNECTORS } from "./qualifiers.js";
import { MAGNITUDES, UNIT_BLOCKERS, UNIT_NOUN_SUFFIXES, UNIT_WORDS, unitDef } from "./units.js";

/** One figure found in the (view) text, before any judgement about what it measures. */
export interface NumberMention {
  /** View span of the whole mention, qualifiers included. */
  start: number;
  end: number;
  /** Where the numeral itself starts (after any pre-qualifier). */
  numStart: number;
  value: number;
  valueMax: number | null;
  unit: string;
  comparator: Comparator;
  /** What the mention's own words say it is; the fact layer may refine `level` into `change`. */
  measure: Measure;
  /** Sign from the mention's own words (下降, 减少 are applied later by context). */
}

const CN_DIGIT = "零〇○一二两三四五六七八九";
const CN_ALL = `${CN_DIGIT}十百千万亿`;
// No "u" flag: every character here is in the BMP, and the plain engine is faster on long texts.
const NUMERAL = new RegExp(
  `[0-9]+(?:,[0-9]{3})*(?:\\.[0-9]+)?|百分之|[${CN_ALL}]+(?:点[${CN_DIGIT}]+)?`,
  "g",
);

/** Units that need Arabic digits: with a Chinese numeral they are ordinary words (三方, 一度). */
const ARABIC_ONLY_UNITS = new Set([
  "方",
  "度",
  "起",
  "对",
  "头",
  "列",
  "班",
  "部",
  "份",
  "块",
  "组",
  "支",
  "只",
]);
/** Units where 一 + unit is the article "a/one", not a figure (一个, 一批, 一项). */
const ARTICLE_UNIT_CLASSES = new Set(["count", "bare", "time"]);
/** A number followed by one of these names a thing or a date, it does not measure anything. */
const NAME_FOLLOWERS =
  /^(?:[年月日号时点届级类期型代轮]|周年|号文|大[^于]|强|星级|A级|个(?:一|两|三)|个百分点)/u;
const RANK_CONTEXT =
  /(?:居|位居|排名|排|列|位列|位于|名列|跃居|升至|进入|跻身|稳居|保持|全国|全省|全市|世界|全球)[^，,。;；]{0,12}$/u;
const RANK_SHIFT = /^(?:前移|上升|提升|跃升|前进|提高|后移|下降|下滑)$/u;
const QUOTE_OPEN = '“‘「『《"';
const QUOTE_CLOSE = '”’」』》"';

const UNIT_WORDS_NO_MAGNITUDE = UNIT_WORDS.filter((w) => w !== "万" && w !== "亿");

/** Words grouped by first character, longest first: a lookup per position instead of a scan of the list. */
const byFirstChar = new WeakMap<readonly string[], Map<string, string[]>>();

function matchAt(text: string, pos: number, words: readonly string[]): string | null {
  let index = byFirstChar.get(words);
  if (!index) {
    index = new Map();
    for (const w of [...words].sort((a, b) => b.length - a.length)) {
      const list = index.get(w[0] as string) ?? [];
      list.push(w);
      index.set(w[0] as string, list);
    }
    byFirstChar.set(words, index);
  }
  const candidates = index.get(text[pos] ?? "");
  if (!candidates) return null;
  for (const w of candidates) if (text.startsWith(w, pos)) return w;
  return null;
}

function matchPairAt<T>(text: string, pos: number, table: ReadonlyArray<[string, T]>): [string, T] | null {
  for (const entry of table) if (text.startsWith(entry[0], pos)) return entry;
  return null;
}

function isAsciiLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z]/.test(ch);
}

interface Numeral {
  start: number;
  end: number;
  value: number;
  arabic: boolean;
  /** Magnitude characters split off the end of the numeral (三万 → 3 + "万"). */
  magnitude: string;
}

/** Reads the numeral starting at `pos` (already matched by NUMERAL). */
function readNumeral(pos: number, raw: string): Numeral | null {
  if (raw === "百分之") return null;
  if (/^[0-9]/.test(raw)) {
    const value = Number(raw.replace(/,/g, ""));
    if (!Number.isFinite(value)) return null;
    // Magnitudes right after Arabic digits belong to the unit as written: 20万头, 1.2万亿元.
    return { start: pos, end: pos + raw.length, value, arabic: true, magnitude: "" };
  }
  // A run of bare magnitudes (百万, 千, 万) is not a numeral by itself; qualifiers make it one (近百万).
  let body = raw;
  let magnitude = "";
  const tail = /[万亿]+$/u.exec(body);
  if (tail && body.length > tail[0].length) {
    const head = body.slice(0, -tail[0].length);
    if (parseChineseNumber(head) !== null && !/[点]$/.test(head)) {
      magnitude = tail[0];
      body = head;
    }
  }
  if (!/[一二两三四五六七八九零〇○]/u.test(body)) {
    // 百, 十, 千 alone: only with a qualifier before (近百万, 上千家) — the caller checks.
    if (!/^[十百千]$/u.test(body)) return null;
  }
  const value = parseChineseNumber(body);
  if (value === null) return null;
  return { start: pos, end: pos + raw.length, value, arabic: false, magnitude };
}

/** Reads "[多|余]? [magnitude]? [多|余]? unit" after a numeral. */
function readUnit(
  text: string,
  pos: number,
  num: Numeral,
): { unit: string; end: number; inner: Comparator | null } | null {
  let p = pos;
  let inner: Comparator | null = null;
  const q1 = matchPairAt(text, p, INNER_QUALIFIERS);
  if (q1) {
    inner = q1[1];
    p += q1[0].length;
  }
  let magnitude = num.magnitude;
  if (num.arabic || inner || magnitude) {
    for (const [m] of MAGNITUDES) {
      if (text.startsWith(m, p)) {
        magnitude += m;
        p += m.length;
        break;
      }
    }
  }
  if (!inner) {
    const q2 = matchPairAt(text, p, INNER_QUALIFIERS);
    if (q2 && magnitude) {
      inner = q2[1];
      p += q2[0].length;
    }
  }
  let word = matchAt(text, p, UNIT_WORDS);
  if (word && UNIT_BLOCKERS[word]?.includes(text[p + word.length] ?? "\u0000")) word = null;
  if (word) {
    const def = unitDef(word);
    if (!num.arabic && ARABIC_ONLY_UNITS.has(word)) word = null;
    else if (def && (word === "万" || word === "亿")) {
      // A magnitude read as a unit only when nothing else follows (近百万, 2000亿).
      magnitude += word;
      p += word.length;
      word = matchAt(text, p, UNIT_WORDS_NO_MAGNITUDE);
    }
  }
  if (word) {
    p += word.length;
    const noun = matchAt(text, p, UNIT_NOUN_SUFFIXES);
    if (noun && (word === "个" || word === "张")) {
      word += noun;
      p += noun.length;
    }
    // Per-unit figures: 82.9万元/亩, 29微克/立方米.
    if (text[p] === "/") {
      const per = matchAt(text, p + 1, UNIT_WORDS);
      if (per) {
        word += `/${per}`;
        p += 1 + per.length;
      }
    }
    return { unit: magnitude + word, end: p, inner };
  }
  if (magnitude) return { unit: magnitude, end: p, inner };
  return null;
}

function isInsideQuotedName(text: string, start: number, end: number): boolean {
  // A figure inside quotation marks that is not itself the whole quotation names a slogan (“六稳”, “333行动”).
  const windowStart = Math.max(0, start - 20);
  const win = text.slice(windowStart, start);
  const local = Math.max(win.lastIndexOf("“"), win.lastIndexOf("「"), win.lastIndexOf("《"));
  if (local < 0) return false;
  const open = windowStart + local;
  const between = text
    .slice(open + 1, start)
    .replace(/^(?:最多|最少|不超过|不低于|超过|近|约|进入全国|进入全省|全国|全省)/u, "");
  if (/[”」》。\n]/.test(between)) return false;
  const close = text.slice(end, end + 24).search(/[”」》]/u);
  if (close < 0 || close > 20) return false;
  const after = text.slice(end, end + close);
  if (/[。\n]/.test(after)) return false;
  // “2000亿” — a pure figure in quotes is still a figure.
  return between.length > 0 || after.length > 0;
}

/**
 * Finds every figure in `text`. Years, dates, ordinals, slogans, codes and bare numbers without a unit are
 * left out here; the caller decides what each remaining figure measures.
 */
export function scanNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  // 居…首位, 荣登…榜首: rank one without a numeral.
  for (const m of text.matchAll(/(?:居|位居|位列|名列|荣登|列|排名)[^，,。；;\n]{0,14}?(首位|榜首)/gu)) {
    const s = (m.index ?? 0) + m[0].length - 2;
    out.push({
      start: s,
      end: s + 2,
      numStart: s,
      value: 1,
      valueMax: null,
      unit: "名",
      comparator: "=",
      measure: "rank",
    });
  }
  NUMERAL.lastIndex = 0;
  let m: RegExpExecArray | null;
  // biome-ignore lint/suspicious/noAssignInExpressions: regex scanning loop
  while ((m = NUMERAL.exec(text)) !== null) {
    const raw = m[0];
    const pos = m.index;
    const mention = raw === "百分之" ? readPercentWords(text, pos) : readMention(text, pos, raw);
    if (mention) {
      out.push(mention);
      NUMERAL.lastIndex = Math.max(NUMERAL.lastIndex, mention.end);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function readPercentWords(text: string, pos: number): NumberMention | null {
  const rest =
    /^百分之([0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)/u.exec(
      text.slice(pos, pos + 16),
    );
  if (!rest) return null;
  const value = parseChineseNumber(rest[1] as string);
  if (value === null) return null;
  const end = pos + rest[0].length;
  return finish(text, pos, end, pos, value, null, "%", null, "level");
}

/** Characters that can follow a Chinese numeral that is a figure: a unit, a magnitude, 多/余, a range. */
const FIGURE_FOLLOWERS = new Set([
  ...UNIT_WORDS.map((w) => w[0] as string),
  "多",
  "余",
  "至",
  "到",
  "-",
  "—",
  "番",
  "以",
  "左",
]);

function readMention(text: string, pos: number, raw: string): NumberMention | null {
  const prev = text[pos - 1];
  // Most Chinese numerals in prose are words (一是, 统一, 进一步): reject them before any parsing.
  if (
    !/^[0-9]/.test(raw) &&
    !FIGURE_FOLLOWERS.has(text[pos + raw.length] ?? "") &&
    prev !== "第" &&
    prev !== "前" &&
    prev !== "翻"
  ) {
    if (!/[万亿]$/u.test(raw)) return null;
  }
  const num = readNumeral(pos, raw);
  if (!num) return null;
  if (isAsciiLetter(prev) || prev === "+" || prev === "." || prev === "/" || prev === "_") return null;
  const after = text.slice(num.end, num.end + 6);
  if (isAsciiLetter(after[0]) && !/^(?:km|kW|MW|GW|TEU|m²|t\b)/.test(after)) return null;
  if (/^[+＋:：\-—][0-9]/.test(after) && !/^[-—][0-9]/.test(after)) return null;

  // Multiples: 翻一番, 翻两番.
  if (text[pos - 1] === "翻" && /^番/.test(after)) {
    return finish(
      text,
      pos - 1,
      num.end + 1,
      pos - 1,
      num.value === 1 ? 2 : 2 ** num.value,
      null,
      "倍",
      null,
      "multiple",
    );
  }
  // Ranks: 第一, 第5位, 前三, 前移6位.
  if (prev === "第" || (prev === "前" && text[pos - 2] !== "提")) return readRank(text, pos, num);

  // Ranges first: in 1至2家 only the second numeral carries the unit.
  const bareRange = readRangeTail(text, num.end, num, null);
  if (bareRange) {
    return finish(
      text,
      pos,
      bareRange.end,
      pos,
      num.value,
      bareRange.max,
      bareRange.unit,
      "range",
      measureOf(bareRange.unit),
    );
  }
  const duration = /(?:连续|提前|缩短|延长)$/u.test(text.slice(Math.max(0, pos - 2), pos));
  if (NAME_FOLLOWERS.test(after) && !/^个百分点/.test(after) && !(duration && /^年/u.test(after))) {
    // A year range or a date: not a figure.
    return null;
  }
  // Bare magnitude words (百, 千, 十) are figures only after a qualifier: 近百万, 上千家, 超十亿.
  if (!num.arabic && /^[十百千]$/u.test(raw.replace(/[万亿]+$/u, "")) && !/[近超上逾数]$/u.test(prev ?? "")) {
    return null;
  }
  const unit = readUnit(text, num.end, num);
  if (!unit) return null;
  if (unit.unit === "年" && !duration) return null;
  if (raw === "一" && isArticle(unit.unit)) return null;
  // Small counts in Chinese numerals before a noun name a policy or a list (两个市场, 三张清单, 八项规定);
  // reports write real counts in Arabic digits.
  if (
    !num.arabic &&
    num.value <= 10 &&
    !unit.inner &&
    unitDef(unit.unit)?.cls === "count" &&
    /^[\u4e00-\u9fa5“]/u.test(text[unit.end] ?? "") &&
    !/^(?:以上|左右|以内)/u.test(text.slice(unit.end, unit.end + 2))
  ) {
    return null;
  }
  // “15分钟健身圈”: a distance in minutes names a service radius.
  if (
    /^(?:[\u4e00-\u9fa5]{0,6})圈/u.test(text.slice(unit.end, unit.end + 7)) &&
    unitDef(unit.unit)?.cls === "time"
  )
    return null;
  if (/^[成]$/.test(unit.unit) && num.arabic) return null;
  if (unit.unit === "成" && /^[为立功本果效就长交员熟套]/u.test(text[unit.end] ?? "")) return null;
  // Ranges: 1至2家, 4.5%—5%, 5%-6%, 10—15万元.
  const range = readRangeTail(text, unit.end, num, unit.unit);
  if (range) {
    return finish(
      text,
      pos,
      range.end,
      pos,
      num.value,
      range.max,
      range.unit,
      "range",
      measureOf(range.unit),
    );
  }
  return finish(text, pos, unit.end, pos, num.value, null, unit.unit, unit.inner, measureOf(unit.unit));
}

function isArticle(unit: string): boolean {
  const def = unitDef(unit);
  return def !== undefined && ARTICLE_UNIT_CLASSES.has(def.cls) && unit !== "倍";
}

function measureOf(unit: string): Measure {
  if (unit === "倍") return "multiple";
  if (unit === "个百分点" || unit === "百分点") return "change";
  return "level";
}

function readRangeTail(
  text: string,
  pos: number,
  first: Numeral,
  firstUnit: string | null,
): { max: number; unit: string; end: number } | null {
  const conn = matchAt(text, pos, RANGE_CONNECTORS);
  if (!conn) return null;
  const p = pos + conn.length;
  const m = /^(?:[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿]+)/u.exec(text.slice(p, p + 20));
  if (!m) return null;
  const second = readNumeral(p, m[0]);
  if (!second || second.arabic !== first.arabic) return null;
  const unit = readUnit(text, second.end, second);
  if (!unit) return null;
  if (firstUnit !== null && firstUnit !== unit.unit) return null;
  if (unit.unit === "年" || second.value <= first.value) return null;
  return { max: second.value, unit: unit.unit, end: unit.end };
}

function readRank(text: string, pos: number, num: Numeral): NumberMention | null {
  const marker = text[pos - 1] as string;
  const after = text.slice(num.end, num.end + 4);
  const before = text.slice(Math.max(0, pos - 16), pos - 1);
  if (marker === "前") {
    // 前移6位 is handled by the shift rule; here 前三, 前10位, 前列 stay apart.
    if (!/(?:居|进入|跻身|排名|位列|稳居|保持|列|位居)[^，,。;；]{0,10}$/u.test(before)) return null;
    const end = num.end + (/^(?:位|名|强)/u.test(after) ? 1 : 0);
    return finish(text, pos - 1, end, pos - 1, num.value, null, "名", "<=", "rank");
  }
  // 第N: a rank only where the sentence ranks something and nothing ordinal follows (第一批, 第二届).
  if (/^[批届次轮期个条项类部章节年季]/u.test(after)) return null;
  if (!RANK_CONTEXT.test(before)) return null;
  const unitMatch = /^(?:位|名)/u.exec(after);
  const unit = "名";
  const end = num.end + (unitMatch ? 1 : 0);
  if (!unitMatch && /^[\u4e00-\u9fa5]/u.test(after) && !/^(?:方阵|梯队|阵营)/u.test(after)) {
    // 第一 followed by a noun is an ordinal (第一位 handled above).
    if (!/^[，,。;；、）)]/u.test(after) && !/^(?:方阵|梯队)/u.test(after)) return null;
  }
  return finish(text, pos - 1, end, pos - 1, num.value, null, unit, "=", "rank");
}

function finish(
  text: string,
  start: number,
  end: number,
  numStart: number,
  value: number,
  valueMax: number | null,
  unit: string,
  comparator: Comparator | null,
  measure: Measure,
): NumberMention | null {
  let s = start;
  let e = end;
  let cmp: Comparator | null = comparator;
  const post = matchPairAt(text, e, POST_QUALIFIERS);
  if (post && cmp !== "range") {
    cmp = post[1];
    e += post[0].length;
  }
  for (const [word, c] of PRE_QUALIFIERS) {
    if (text.startsWith(word, s - word.length)) {
      // "近" inside 最近/接近 is handled by longest-first order; skip 将近 duplicates.
      if (cmp === null || cmp === "=") cmp = c;
      s -= word.length;
      break;
    }
  }
  if (isInsideQuotedName(text, numStart, end)) return null;
  // Shift of rank: 前移6位, 上升3位.
  if (unit === "位" && measure === "level") {
    const verb = /(前移|上升|提升|跃升|前进|提高|后移|下降|下滑)$/u.exec(text.slice(Math.max(0, s - 2), s));
    if (!verb || !RANK_SHIFT.test(verb[1] as string)) return null;
    measure = "rank";
  }
  return { start: s, end: e, numStart, value, valueMax, unit, comparator: cmp ?? "=", measure };
}

export { parseYear };
export const _internals = { QUOTE_OPEN, QUOTE_CLOSE };
