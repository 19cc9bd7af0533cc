import type { ReportInfo } from "../../contract/extraction.js";
import { parseYear } from "../numbers/chinese.js";
import type { Line, RawSection } from "./structure.js";

const YEAR = "(?:[12][0-9]{3}|[一二][〇○零0Oo一二三四五六七八九]{3})";
const TITLE_WORDS = /政府工作报告|工作报告|工作总结|工作安排|重点工作|工作要点|总体要求/u;

function yearOf(s: string): number | null {
  const m = new RegExp(`(${YEAR})年`, "u").exec(s);
  return m ? parseYear(m[1] as string) : null;
}

function cleanTitle(t: string): string {
  return t
    .replace(/^(?:标题|题目)[:：]/u, "")
    .replace(/^[0-9A-Za-z_-]+[-_.、]\s*/u, "") // scraper sequence numbers: "006-"
    .replace(/[——\-─]+.*$/u, "")
    .trim();
}

/** Title: the first short line that names the document kind, cleaned of scraper prefixes. */
function findTitle(lines: Line[]): { title: string | null; index: number } {
  let best: { title: string; index: number; score: number } | null = null;
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    let t = (lines[i] as Line).text;
    // A title broken over two lines ("政府工作报" / "告") is read joined.
    const next = lines[i + 1]?.text ?? "";
    if (!TITLE_WORDS.test(t) && t.length <= 30 && next.length <= 4 && TITLE_WORDS.test(t + next)) t += next;
    if (t.length > 60 || !TITLE_WORDS.test(t)) continue;
    if (/[。，,；;]/u.test(t)) continue;
    // A numbered heading ("二、2022年…总体要求") is a part of the report, not its title.
    if (
      /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)/u.test(
        t,
      )
    )
      continue;
    const title = cleanTitle(t);
    if (title.length < 4) continue;
    // Prefer a line that is only a title (no furniture) and carries a year.
    let score = 10 - i * 0.1;
    if (yearOf(title) !== null) score += 3;
    if ((lines[i] as Line).skip) score -= 2;
    if (/发布|来源|时间/u.test(title)) score -= 8;
    if (!best || score > best.score) best = { title, index: i, score };
  }
  return best ? { title: best.title, index: best.index } : { title: null, index: -1 };
}

const TITLE_REGION =
  /^([\u4e00-\u9fa5]{2,12}?(?:特别行政区|自治区|自治州|自治县|高新区|新区|开发区|经济区|省|市|州|盟|县|旗|区))(?:[(（][^)）]*[)）])?(?:人民政府|政府|[0-9]{4}年|[一二][〇○零0Oo一二三四五六七八九]{3}年|工作|国民经济)/u;

function findRegion(title: string | null, text: string): string | null {
  if (title) {
    // "2021年慈溪市政府工作报告", "宁波国家高新区2011年工作总结…": the name stands first once a year is removed.
    const t = title.replace(new RegExp(`^(?:${YEAR})年(?:度)?`, "u"), "");
    const m = TITLE_REGION.exec(t);
    if (m) return m[1] as string;
  }
  if (/国务院总理|代表国务院/u.test(text)) return "国务院";
  // "在海拉尔区第十三届人民代表大会…", "四川省人民政府省长": the speaker's own government.
  const head = text.slice(0, 4000);
  const congress =
    /在([\u4e00-\u9fa5]{2,10}?(?:省|自治区|市|区|县|旗|州|盟))第[一二三四五六七八九十]+届人民代表大会/u.exec(
      head,
    );
  if (congress) return congress[1] as string;
  const office =
    /([\u4e00-\u9fa5]{2,10}?(?:省|自治区|市|区|县|旗|州|盟))人民政府(?:代)?(?:省长|市长|区长|县长|旗长|州长|主席)/u.exec(
      head,
    );
  if (office) return office[1] as string;
  // "我代表市人民政府" + the place name of that level the text uses most. Names are read backwards from the
  // suffix, so that run-together page furniture (登录注册驻马店市人民政府) does not stick to them.
  const level = /代表(?:[\u4e00-\u9fa5]{0,8}?)(省|市|区|县|旗|州)(?:人民)?政府/u.exec(text)?.[1];
  const scores = new Map<string, number>();
  for (const m of text.matchAll(/([\u4e00-\u9fa5]{2,5})(省|市|区|县|旗|州)(?=人民政府|政府|人大|委员会)/gu)) {
    const before = m[1] as string;
    const suffix = m[2] as string;
    if (level && suffix !== level) continue;
    for (let len = 2; len <= before.length; len++) {
      const stem = before.slice(-len);
      if (/^(?:全|本|我|各|该|新|省|市|区|县)/u.test(stem) || /接受|监督|支持|领导|关心|代表/u.test(stem))
        continue;
      const name = stem + suffix;
      if (scores.has(name)) continue;
      scores.set(name, countOf(text, stem) * len);
    }
  }
  let best: string | null = null;
  let bestScore = 2;
  for (const [name, score] of scores) if (score > bestScore) [best, bestScore] = [name, score];
  return best;
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && n < 1000; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Delivery date: "2022年3月5日在第十三届全国人民代表大会…" near the top; page publication dates don't count. */
function findDate(text: string): string | null {
  const head = text.slice(0, 3000);
  const re = new RegExp(
    `(${YEAR})年([0-9一二三四五六七八九十]{1,3})月([0-9一二三四五六七八九十]{1,3})日`,
    "gu",
  );
  for (const m of head.matchAll(re)) {
    const around = head.slice(Math.max(0, (m.index ?? 0) - 12), (m.index ?? 0) + m[0].length + 30);
    const line = around.split("\n").find((l) => l.includes(m[0])) ?? around;
    if (/发布|来源|浏览|成文|时间[:：]|[0-9]时|[0-9]分/u.test(line)) continue;
    // The delivery date opens "…日在…人民代表大会…会议上", or stands alone on its line under the speaker's name.
    const rest = head.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 40);
    const alone = new RegExp(`^[——\\-─(（\\s]*${m[0]}[)）\\s]*$`, "u").test(line.trim());
    if (!/^[，,]?在[^。\n]{0,30}(?:代表大会|会议)/u.test(rest) && !alone) continue;
    const y = parseYear(m[1] as string);
    const mo = Number(toArabic(m[2] as string));
    const d = Number(toArabic(m[3] as string));
    if (!y || !(mo >= 1 && mo <= 12) || !(d >= 1 && d <= 31)) continue;
    return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
  return null;
}

function toArabic(s: string): string {
  if (/^[0-9]+$/.test(s)) return s;
  const digits = "〇一二三四五六七八九";
  if (s === "十") return "10";
  if (s.startsWith("十")) return String(10 + digits.indexOf(s[1] as string));
  if (s.endsWith("十")) return String(digits.indexOf(s[0] as string) * 10);
  if (s.length === 3 && s[1] === "十")
    return String(digits.indexOf(s[0] as string) * 10 + digits.indexOf(s[2] as string));
  return String(digits.indexOf(s));
}

export interface MetadataResult extends ReportInfo {
  titleLine: number;
}

/** Title, region, date and the two years, read from the content (never from a scraper header or page date). */
export function readMetadata(lines: Line[], text: string): MetadataResult {
  const { title, index } = findTitle(lines);
  const date = findDate(text);
  let planYear: number | null = null;
  let summaryYear: number | null = null;
  if (title) {
    // "2011年工作总结和2012年工作安排": the last year in a two-year title is the plan year.
    const years = [...title.matchAll(new RegExp(`(${YEAR})年`, "gu"))].map((m) => parseYear(m[1] as string));
    const valid = years.filter((y): y is number => y !== null);
    if (valid.length >= 2) {
      summaryYear = Math.min(...valid);
      planYear = Math.max(...valid);
    } else if (valid.length === 1) {
      planYear = valid[0] as number;
      if (/工作总结|回顾/u.test(title) && !/安排|计划|要点|重点工作|报告/u.test(title)) {
        summaryYear = planYear;
        planYear = null;
      }
    }
  }
  if (planYear === null && date) planYear = Number(date.slice(0, 4));
  const body = lines.filter((l) => !l.skip).map((l) => l.text);
  if (planYear === null) planYear = yearFromHeadings(body, "plan");
  if (summaryYear === null) {
    const reviewed = yearFromHeadings(body, "review");
    if (reviewed !== null && (planYear === null || reviewed < planYear)) summaryYear = reviewed;
  }
  if (planYear === null && summaryYear !== null) planYear = summaryYear + 1;
  if (summaryYear === null && planYear !== null && /回顾|过去一年|一年来|去年|上年/u.test(text))
    summaryYear = planYear - 1;
  return { title, region: findRegion(title, text), date, summaryYear, planYear, titleLine: index };
}

function yearFromHeadings(body: string[], role: "plan" | "review"): number | null {
  const re =
    role === "plan"
      ? new RegExp(
          `(${YEAR})年(?:的)?(?:工作安排|重点工作|主要任务|总体要求|工作总体要求|经济社会发展|政府工作|发展主要预期目标|主要预期目标)`,
          "u",
        )
      : new RegExp(`(${YEAR})年(?:的)?(?:工作回顾|工作总结|主要工作|政府的工作|工作)`, "u");
  for (const line of body) {
    if (line.length > 80) continue;
    const m = re.exec(line);
    if (m) return parseYear(m[1] as string);
  }
  return null;
}

export type { RawSection };
