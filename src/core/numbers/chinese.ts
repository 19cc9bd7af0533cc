/**
 * Chinese numerals → numbers, driven by the tables below. Handles positional forms (二〇二一, 二00八),
 * classic forms (两万三千, 一百零五, 十二), financial forms (壹仟), decimals (三点五) and mixtures with Arabic
 * digits (1.2万亿, 3千). Returns null for anything that is not a well-formed numeral.
 */
const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  "○": 0,
  O: 0,
  o: 0,
  "0": 0,
  一: 1,
  壹: 1,
  "1": 1,
  二: 2,
  贰: 2,
  两: 2,
  俩: 2,
  "2": 2,
  三: 3,
  叁: 3,
  "3": 3,
  四: 4,
  肆: 4,
  "4": 4,
  五: 5,
  伍: 5,
  "5": 5,
  六: 6,
  陆: 6,
  "6": 6,
  七: 7,
  柒: 7,
  "7": 7,
  八: 8,
  捌: 8,
  "8": 8,
  九: 9,
  玖: 9,
  "9": 9,
};

const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

export const CHINESE_NUMERAL_CHARS = "零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億";

export function isChineseDigit(ch: string): boolean {
  return ch in DIGITS && !/[0-9Oo]/.test(ch);
}

/** Parses an integer part written with Chinese (or mixed) numerals and magnitude characters. */
function parseInteger(s: string): number | null {
  if (s.length === 0) return null;
  const hasUnit = [...s].some((ch) => ch in SMALL_UNITS || ch in BIG_UNITS);
  if (!hasUnit) {
    // Positional: 二〇二一 → 2021, 二00八 → 2008.
    let v = 0;
    for (const ch of s) {
      const d = DIGITS[ch];
      if (d === undefined) return null;
      v = v * 10 + d;
    }
    return v;
  }
  let total = 0; // completed 亿 groups
  let section = 0; // current group below the last big unit
  let current = 0; // pending digit
  let pendingDigit = false;
  let lastSmall = Number.POSITIVE_INFINITY;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const d = DIGITS[ch];
    if (d !== undefined) {
      // Arabic runs inside a Chinese numeral (3千, 1万): read the whole run.
      if (/[0-9]/.test(ch)) {
        let j = i;
        while (j < s.length && /[0-9]/.test(s[j] as string)) j++;
        current = Number(s.slice(i, j));
        i = j - 1;
      } else {
        current = d;
      }
      pendingDigit = true;
      continue;
    }
    const small = SMALL_UNITS[ch];
    if (small !== undefined) {
      if (small >= lastSmall) return null; // 百十 is malformed
      section += (pendingDigit ? current : 1) * small;
      lastSmall = small;
      current = 0;
      pendingDigit = false;
      continue;
    }
    const big = BIG_UNITS[ch];
    if (big !== undefined) {
      const groupValue = section + (pendingDigit ? current : 0);
      if (big === 1e8) {
        total = (total + (groupValue === 0 ? 1 : groupValue)) * big;
      } else {
        total += (groupValue === 0 ? 1 : groupValue) * big;
      }
      section = 0;
      current = 0;
      pendingDigit = false;
      lastSmall = Number.POSITIVE_INFINITY;
      continue;
    }
    return null;
  }
  // A trailing digit after a unit is scaled down by one place in colloquial forms (两万三 → 23000, 一百五 → 150).
  if (pendingDigit && current > 0 && s.length >= 2) {
    const prev = s[s.length - 2] as string;
    const scale = SMALL_UNITS[prev] ?? BIG_UNITS[prev];
    if (scale !== undefined && !/[零〇○0]/.test(s)) {
      section += current * (scale / 10);
      current = 0;
    }
  }
  return total + section + current;
}

/** Parses a full numeral, with optional decimal part after 点 or "." (三点五, 1.2万亿 → 1.2e12). */
export function parseChineseNumber(raw: string): number | null {
  const s = raw.trim();
  if (s.length === 0) return null;
  // Arabic decimal followed by magnitude characters: 1.2万亿, 3.5万.
  const arabic = /^([0-9]+(?:\.[0-9]+)?)([十百千万亿萬億]*)$/.exec(s);
  if (arabic) {
    let v = Number(arabic[1]);
    for (const ch of arabic[2] ?? "") v *= SMALL_UNITS[ch] ?? BIG_UNITS[ch] ?? 1;
    return v;
  }
  const point = s.indexOf("点");
  if (point >= 0) {
    const intPart = parseInteger(s.slice(0, point));
    const fracDigits = s.slice(point + 1);
    let frac = "";
    for (const ch of fracDigits) {
      const d = DIGITS[ch];
      if (d === undefined) return null;
      frac += String(d);
    }
    if (intPart === null || frac.length === 0) return null;
    return Number(`${intPart}.${frac}`);
  }
  return parseInteger(s);
}

/** Year written in Chinese digits (二〇二一, 二00八, 二O一二) or Arabic; null when not a plausible year. */
export function parseYear(raw: string): number | null {
  const v = parseChineseNumber(raw);
  if (v === null || !Number.isInteger(v) || v < 1949 || v > 2100) return null;
  return v;
}
