import type { Basis, Fact, FactKind, Measure, SectionRole } from "../../contract/extraction.js";
import type { NumberMention } from "../numbers/scan.js";
import { normalize, unitDef } from "../numbers/units.js";
import {
  ACTUAL_CUES,
  CHANGE_VERBS_DOWN,
  CHANGE_VERBS_UP,
  INDICATOR_LEAD_STRIP,
  INDICATOR_TAIL_STRIP,
  KNOWN_INDICATORS,
  SUBJECTS,
} from "./lexicon.js";

/** A fact in view coordinates; the caller maps spans to the original text and assigns ids. */
export type ViewFact = Omit<Fact, "id" | "section" | "quote" | "start" | "end"> & {
  start: number;
  end: number;
  mentionStart: number;
  section: number | null;
};

export interface FactContext {
  text: string;
  planYear: number | null;
  summaryYear: number | null;
  roleAt: (pos: number) => { role: SectionRole | null; section: number | null };
}

const codes = (chars: string) => new Set([...chars].map((c) => c.charCodeAt(0)));
const SENTENCE_END = codes("。！!？?\n");
const CLAUSE_END = codes("，,；;：:。！!？?\n");
const CONNECTOR = /^[、和及与或,，]*(?:以及|和|及|与|、)?[、]?$/u;
const SUFFIXES = [
  "居民人均可支配收入",
  "人均可支配收入",
  "可支配收入",
  "增加值",
  "总收入",
  "收入",
  "投资",
  "总额",
  "产值",
  "产量",
  "余额",
  "保险参保率",
  "参保率",
  "覆盖率",
  "达标率",
  "面积",
  "增速",
  "增幅",
  "贷款",
  "存款",
  "营业收入",
  "销售额",
  "规模",
  "利润",
  "税收",
  "消费",
  "支出",
];
const KNOWN = [...KNOWN_INDICATORS].sort((a, b) => b.length - a.length);
const alternation = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).join("|");
const LEAD_RE = new RegExp(`^(?:${alternation(INDICATOR_LEAD_STRIP)})`, "u");
const TAIL_RE = new RegExp(`(?:${alternation(INDICATOR_TAIL_STRIP)})$`, "u");
const DOWN_RE = new RegExp(`(?:${alternation(CHANGE_VERBS_DOWN)})(?:了)?(?:约|近|超过|逾)?$`, "u");
const UP_RE = new RegExp(`(?:${alternation(CHANGE_VERBS_UP)})(?:了)?(?:约|近|超过|逾)?$`, "u");
const CATEGORY_AFTER =
  /^(?:的)?[\u4e00-\u9fa5]{0,4}?(?:项目|企业|村|社区|工程|楼宇|产业|家庭|老人|老年人|婴幼儿|儿童|对象|人口|龙头|低效|群体|单位|以上|规模|级)/u;
const YEAR_IN = /((?:19|20)[0-9]{2})年/gu;
/** Words that name a measure of something already named (规模近9.8万亿元 after 中央对地方转移支付…). */
const GENERIC_MEASURE =
  /^(?:规模|总量|总额|总数|数量|余额|占比|比重|增速|增幅|比例|(?:分别)?(?:为|是)?[^的]{0,6}的)$/u;
/** Heads that are only an action: the counted thing comes after the figure (建设3个…, 组建9支…). */
const VERB_ONLY =
  /^(?:守住|建设|建成|新建|组建|确定|完成|培育|打造|创建|创成|改造|引进|举办|承办|实施|启动|开工|推进|新增|累计|有|共有|达|是|为|形成|出台|制定|开展|设立|认定|评选|命名|选树|招引|服务|帮扶|惠及|覆盖|带动|吸引|落地|签约|储备|谋划|更新|新改建|提升|整治|修复)$/u;

function lastIndexOfAny(text: string, set: ReadonlySet<number>, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (set.has(text.charCodeAt(i))) return i;
  return from - 1;
}

function indexOfAny(text: string, set: ReadonlySet<number>, from: number): number {
  for (let i = from; i < text.length; i++) if (set.has(text.charCodeAt(i))) return i;
  return text.length;
}

interface Head {
  /** The head held only verbs and function words: the figure's noun, if any, follows it. */
  verbOnly: boolean;
  subject: string | null;
  indicator: string | null;
  items: string[];
  change: -1 | 0 | 1;
  toLevel: boolean;
}

function stripEnds(phrase: string): string {
  let s = phrase;
  let changed = true;
  while (changed && s.length > 0) {
    changed = false;
    const trimmed = s.replace(/^[”"'’》)）、的]+|[“"'‘《(（、的]+$/gu, "");
    if (trimmed !== s) {
      s = trimmed;
      changed = true;
    }
    const lead = LEAD_RE.exec(s);
    if (lead && lead[0].length > 0) {
      s = s.slice(lead[0].length);
      changed = true;
    }
    const tail = TAIL_RE.exec(s);
    if (tail && tail[0].length > 0) {
      s = s.slice(0, s.length - tail[0].length);
      changed = true;
    }
  }
  s = s.replace(/^[”"'’》)）、]+|[“"'‘《(（、]+$/gu, "");
  // Drop a quotation mark left without its partner by the cut.
  if (s.includes("”") && !s.includes("“")) s = s.replace(/”/gu, "");
  if (s.includes("“") && !s.includes("”")) s = s.replace(/“/gu, "");
  if (s.includes(")") && !s.includes("(")) s = s.replace(/\)/gu, "");
  if (s.includes("(") && !s.includes(")")) s = s.replace(/\(/gu, "");
  return s;
}

/** Reads the words between the previous figure (or clause start) and this one. */
function readHead(raw: string): Head {
  let s = raw
    .replace(/“[0-9.]+[十百千万亿]*[^”]{0,2}”/gu, "")
    .replace(/^[、和及与,，]+/u, "")
    .replace(/累计实现|累计完成|累计|用于|去年|今年|上年(?=[\u4e00-\u9fa5])/gu, "")
    // Years date a figure, they do not name it: "由2010年的162.4亿元增加到2015年的287.9亿元".
    .replace(/(?:19|20)[0-9]{2}年(?:度|底|末|初)?(?:的)?/gu, "")
    .replace(
      /(?:(?:19|20)[0-9]{2}年)?(?:[0-9]{1,2}月底|年底|年内|上半年|下半年|[一二三四]季度)(?:前|以前)?/gu,
      "",
    )
    .trim();
  let change: -1 | 0 | 1 = 0;
  let toLevel = false;
  const tail = s.slice(-8);
  if (
    /(?:到|至|为|在)$/u.test(tail) &&
    /(?:下降|降低|减少|提高|提升|增长|增加|上升|扩大|缩小|回落|降|升|控制|压缩)(?:了)?(?:到|至|为|在)$/u.test(
      tail,
    )
  ) {
    toLevel = true;
  } else {
    if (DOWN_RE.test(tail)) change = -1;
    else if (UP_RE.test(tail) && !/(?:新增|净增)$/u.test(tail)) change = 1;
  }
  // Subjects (全市, 市级) stand at the edges of the head once verbs are gone; inside a name they grade it.
  let subject: string | null = null;
  s = stripEnds(s);
  for (const w of SUBJECTS) {
    if (s.startsWith(w)) {
      subject = w;
      s = s.slice(w.length);
      break;
    }
    if (s.endsWith(w)) {
      subject = w;
      s = s.slice(0, -w.length);
      break;
    }
  }
  const stripped = stripEnds(s);
  const known = KNOWN.find((k) => stripped.includes(k));
  const items = stripped.includes("、")
    ? stripped
        .split("、")
        .map(stripEnds)
        .filter((x) => x.length > 0)
    : [];
  let indicator: string | null = null;
  if (
    /^(?:是|为)?[^的]{0,4}(?:年前|上年|去年|同期)?$/u.test(stripped) &&
    /年前|上年|去年|同期|^(?:是|为)$/u.test(stripped)
  ) {
    // "为五年前的1.9倍": a comparison base, not a name; the figure measures what the sentence named before.
  } else if (known && items.length < 2) indicator = known;
  else if (stripped.length >= 2) indicator = stripped.length > 24 ? stripped.slice(-24) : stripped;
  return {
    subject,
    indicator,
    items,
    change,
    toLevel,
    verbOnly: stripped.length === 0 || VERB_ONLY.test(stripped),
  };
}

/** Gives each item of a list head its shared suffix: 城镇、农村居民人均可支配收入 → two full names. */
function distribute(items: string[]): string[] {
  const last = items[items.length - 1] as string;
  const suffix = SUFFIXES.find((x) => last.endsWith(x) && last.length > x.length);
  return items.map((it, i) =>
    i < items.length - 1 && suffix && !it.endsWith(suffix) && !it.includes(suffix.slice(-2))
      ? it + suffix
      : it,
  );
}

function cueBefore(sentence: string, words: readonly string[]): boolean {
  return words.some((w) => sentence.includes(w));
}

function decideKind(
  before: string,
  clauseBefore: string,
  justBefore: string,
  role: SectionRole | null,
  ctx: FactContext,
): FactKind {
  const years = [...before.matchAll(YEAR_IN)].map((x) => Number(x[1]));
  const lastYear = years.length > 0 ? (years[years.length - 1] as number) : null;
  // 计划 is a cue as a verb (计划新建), not inside a name (引才计划, 重点研发计划).
  const strongTarget =
    /力争|确保|预期|预计|(?:^|[，,])计划|计划(?:到|在|于|将|新|完成|实现|投资|开工|建设)|目标(?!任务)|拟|到(?:19|20)[0-9]{2}年|将(?!近)/u;
  const actualCue =
    /(?<![比较])去年|(?<![比较])上年(?!增|度)|过去(?:一|五)?年|已经|已(?!于)|一年来|五年来|截至|截止|累计|(?:形成|完成|实现|建成|组建|开展|达到|取得|新增|走访|举办|出台|帮助|发放)了|目前/u;
  if (lastYear !== null && ctx.planYear !== null) {
    const comparedTo = /比(?:19|20)[0-9]{2}年/u.test(before.slice(-14));
    if (
      lastYear < ctx.planYear &&
      !comparedTo &&
      !/到(?:19|20)[0-9]{2}年/u.test(before) &&
      !strongTarget.test(clauseBefore)
    )
      return "actual";
    if (lastYear > ctx.planYear) return "target";
  }
  if (role === "review" || role === "problems") {
    // In a review, 将 is mostly the object marker (将2.8万亿元纳入…), not "will".
    return /力争|确保|预期|预计|(?:^|[，,])计划|计划(?:到|在|于|将|新|完成|实现|投资|开工|建设)|目标(?!任务)|拟|到(?:19|20)[0-9]{2}年/u.test(
      clauseBefore,
    ) && !/完成了?[^，,。]{0,6}目标|超额|提前完成/u.test(clauseBefore)
      ? "target"
      : "actual";
  }
  if (role === "plan" || role === "targets" || role === "guidance" || role === "outlook") {
    // "从75%提高到100%": the starting point is today's value; "我国有2.9亿…": a present state.
    if (
      /(?:从|由)$/u.test(justBefore) ||
      /(?:我国|全国|全省|全市|全区|全县|我市|我区|我县|目前|现)有$/u.test(justBefore)
    )
      return "actual";
    return actualCue.test(clauseBefore) && !/力争|确保/u.test(clauseBefore) ? "actual" : "target";
  }
  const lead = before.split(/[，,；;：:]/u)[0] ?? "";
  if (
    strongTarget.test(clauseBefore) ||
    /今年|全年|左右|以内|控制在/u.test(clauseBefore) ||
    strongTarget.test(lead)
  )
    return "target";
  return "actual";
}

function periodOf(kind: FactKind, before: string, ctx: FactContext): { from: number; to: number } | null {
  const span = /((?:19|20)[0-9]{2})[-—至到~]((?:19|20)[0-9]{2})年/u.exec(before);
  if (span) return { from: Number(span[1]), to: Number(span[2]) };
  const years = [...before.matchAll(YEAR_IN)].map((x) => Number(x[1]));
  const y = years.length > 0 ? (years[years.length - 1] as number) : null;
  if (y !== null && !/比(?:19|20)[0-9]{2}年[^，,。]{0,4}$/u.test(before)) return { from: y, to: y };
  if (kind === "actual") {
    if (/五年来|过去五年/u.test(before) && ctx.summaryYear)
      return { from: ctx.summaryYear - 4, to: ctx.summaryYear };
    return ctx.summaryYear ? { from: ctx.summaryYear, to: ctx.summaryYear } : null;
  }
  return ctx.planYear ? { from: ctx.planYear, to: ctx.planYear } : null;
}

function basisOf(measure: Measure, before: string): Basis | null {
  if (measure !== "change") return null;
  const near = before.slice(-16);
  if (/比(?:19|20)[0-9]{2}年|比[^，,。]{0,4}(?:初|末)/u.test(near)) return "vs_period_start";
  if (/(?:高于|低于|快于|慢于)[^，,。]{0,6}(?:全国|全省|全市|平均)/u.test(near)) return "vs_peer";
  return "yoy";
}

/** For the first figure of each list ("6.6%、2%和4.4%"), how many figures the list holds. */
function listRunLengths(mentions: NumberMention[], text: string): Map<NumberMention, number> {
  const out = new Map<NumberMention, number>();
  let first: NumberMention | null = null;
  let count = 0;
  let prev: NumberMention | null = null;
  for (const m of mentions) {
    const gap = prev ? text.slice(prev.end, m.start) : null;
    if (prev && first && gap !== null && gap.length <= 3 && CONNECTOR.test(gap)) count++;
    else {
      if (first) out.set(first, count);
      first = m;
      count = 1;
    }
    prev = m;
  }
  if (first) out.set(first, count);
  return out;
}

/** Turns the figures of one text into facts: indicator, subject, kind, measure, period and basis. */
export function buildFacts(mentions: NumberMention[], ctx: FactContext): ViewFact[] {
  const { text } = ctx;
  const runLength = listRunLengths(mentions, text);
  const facts: ViewFact[] = [];
  let prevEnd = 0;
  let sentenceStart = -1;
  // Figures of the current sentence, grouped into runs that share one head (增长5.2%和7.5%).
  let runs: Array<{ facts: ViewFact[]; head: Head; distributive?: boolean }> = [];
  for (const m of mentions) {
    const sStart = lastIndexOfAny(text, SENTENCE_END, Math.max(0, m.start - 400), m.start) + 1;
    if (sStart !== sentenceStart) {
      sentenceStart = sStart;
      runs = [];
      prevEnd = sStart;
    }
    const clauseStart = lastIndexOfAny(text, CLAUSE_END, sStart, m.start) + 1;
    const clauseEnd = indexOfAny(text, CLAUSE_END, m.end);
    const headStart = Math.max(prevEnd, clauseStart);
    const rawHead = text.slice(headStart, m.start);
    const after = text.slice(m.end, m.end + 8);
    // A threshold in quotes restated by the exact figure: 突破“2000亿”达到2008.3亿元.
    if (
      text[m.start - 1] === "“" &&
      after.startsWith("”") &&
      /^”(?:达到|为|至|,|，)?[^，,。]{0,6}[0-9]/u.test(after)
    )
      continue;
    // A size that names a category: 亿元以上项目, 3岁以下婴幼儿, 超亿元产业项目.
    if (
      m.comparator !== "=" &&
      m.comparator !== "~" &&
      m.comparator !== "range" &&
      CATEGORY_AFTER.test(after)
    )
      continue;
    if (/^(?:的|之)?[\u4e00-\u9fa5]{0,2}(?:以上|以下)/u.test(after) && m.comparator === "=") {
      // "1万元以下低效企业": the qualifier stands after a noun; still a category.
      if (CATEGORY_AFTER.test(after.replace(/^(?:的|之)/u, ""))) continue;
    }
    prevEnd = m.end;
    const before = text.slice(sStart, m.start);
    const { role, section } = ctx.roleAt(m.start);
    const isListMember =
      runs.length > 0 && CONNECTOR.test(rawHead) && headStart > clauseStart - 1 && rawHead.length <= 3;
    const head = isListMember ? (runs[runs.length - 1] as { head: Head }).head : readHead(rawHead);
    if (!isListMember && head.items.length >= 2 && head.items.length !== runLength.get(m)) {
      // One figure after a list of names: the names together are its indicator (生态环保、城市更新和水利设施投资).
      head.items = [];
      head.indicator = stripEnds(rawHead.replace(/^[、和及与,，]+/u, ""));
    }

    let indicator: string | null = null;
    let subject = head.subject;
    let run: { facts: ViewFact[]; head: Head; distributive?: boolean };
    if (isListMember) {
      run = runs[runs.length - 1] as { facts: ViewFact[]; head: Head };
    } else {
      run = { facts: [], head, distributive: /分别|均/u.test(rawHead) };
      runs.push(run);
    }
    const index = run.facts.length;
    if (head.items.length >= 2) {
      const names = distribute(head.items);
      indicator = names[Math.min(index, names.length - 1)] ?? null;
    } else if (head.indicator) {
      indicator = head.indicator;
    }
    if (!indicator || (!isListMember && head.indicator === null)) {
      // Inherit from the previous run of the sentence, position by position (…分别为6.7万元和4.1万元,增长4.9%和7.5%).
      // Durations (连续12个月) describe the sentence; they do not name what the next figure measures.
      const prevRun = runs
        .slice(0, -1)
        .reverse()
        .find((r) => r.facts.some((f) => unitDef(f.unit)?.cls !== "time"));
      if (!indicator && prevRun) {
        const source = prevRun.facts[Math.min(index, prevRun.facts.length - 1)];
        indicator = source?.indicator ?? null;
        if (!subject) subject = source?.subject ?? null;
      }
    }
    // "建设3个口袋公园", "确定160个国家乡村振兴重点帮扶县": a count before a noun counts that noun.
    const follow =
      /^的?(?!增加|增长|提高|下降|减少|达到|达|到|至|提升|扩大)([\u4e00-\u9fa5“”A-Za-z]{2,20}?)(?=[，,。；;、)）:：0-9]|和|及|与|等|$|实现|达到|获|入选|受益|开工|建成|投用|完成|提前|制定|通过|成功)/u.exec(
        text.slice(m.end, clauseEnd),
      );
    const nounFollows =
      follow !== null &&
      !/^[”"]?(?:以上|以下|左右|以内|的(?:增长|目标|水平|任务))/u.test(text.slice(m.end, m.end + 5));
    // Verb + count + classifier + noun is how Chinese counts things: the noun after the figure is what it counts.
    const countUnit = unitDef(m.unit.replace(/^[万亿千]+/u, ""))?.cls === "count";
    if (follow && nounFollows && (!indicator || head.verbOnly || countUnit))
      indicator = (follow[1] as string).replace(/[“”]/gu, "");
    // Generic words (规模, 占比, 增速) and comparison bases (五年前的) measure the previous figure's indicator.
    const prevFact = run.facts.length > 0 ? undefined : facts[facts.length - 1];
    const sameSentence = prevFact !== undefined && prevFact.start >= sStart - 1;
    if (sameSentence && prevFact?.indicator && indicator && GENERIC_MEASURE.test(indicator)) {
      indicator = `${prevFact.indicator}${indicator.replace(/^(?:分别)?(?:为|是)?[^的]*的$/u, "")}`;
      if (!subject) subject = prevFact.subject;
    }
    let measure: Measure = m.measure;
    let value = m.value;
    let valueMax = m.valueMax;
    const changeDir = isListMember ? ((run.facts[0]?.value ?? 0) < 0 ? -1 : head.change) : head.change;
    const rateLike =
      m.unit === "%" || m.unit.endsWith("元") || /^[万亿千]*(?:吨|平方米|亩|人|千瓦|千瓦时)$/u.test(m.unit);
    const strongVerb =
      /(?:增长|增加|下降|减少|回落|净增|降低|上涨|扩大|缩小)(?:了)?(?:约|近|超过|逾)?$/u.test(rawHead);
    if (measure === "level" && head.change !== 0 && !head.toLevel && (rateLike || strongVerb))
      measure = "change";
    if (measure === "level" && m.unit === "%" && changeDir !== 0 && !head.toLevel) measure = "change";
    if ((measure === "change" || measure === "rank") && changeDir < 0 && value > 0) {
      value = -value;
      if (valueMax !== null) valueMax = -valueMax;
      if (valueMax !== null && valueMax < value) [value, valueMax] = [valueMax, value];
    }
    if (measure === "rank" && /位$/u.test(m.unit) && /前移|上升|提升|跃升|前进/u.test(rawHead))
      measure = "rank";
    const kind = decideKind(
      before,
      text.slice(clauseStart, m.end + 4),
      text.slice(clauseStart, m.start),
      role,
      ctx,
    );
    const period = periodOf(kind, before, ctx);
    const normalized = measure === "level" ? normalize(value, m.unit) : null;
    const fact: ViewFact = {
      kind,
      indicator: indicator && indicator.length > 0 ? indicator : null,
      subject,
      measure,
      value,
      valueMax,
      unit: m.unit,
      normalized: normalized && valueMax === null ? normalized : normalized,
      comparator: m.comparator,
      basis: basisOf(measure, before),
      period,
      section,
      start: Math.max(clauseStart, m.start - 60),
      end: m.end,
      mentionStart: m.start,
    };
    // "分别增长10%和9.5%以上": a trailing qualifier of a 分别 list applies to every member.
    if (run.distributive && fact.comparator !== "=" && fact.comparator !== "range")
      for (const f of run.facts) if (f.comparator === "=") f.comparator = fact.comparator;
    run.facts.push(fact);
    facts.push(fact);
  }
  return facts;
}

export const _test = { readHead, distribute, cueBefore, ACTUAL_CUES };
