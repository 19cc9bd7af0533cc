import { COMMON_PUNCTUATION, COMMON_SIMPLIFIED, COMMON_TRADITIONAL } from "./cjk-common.js";

/** How plausible a decoding is as Chinese prose. */
export interface TextStats {
  /** Higher is more plausible; compare between candidate decodings of the same bytes. */
  score: number;
  /** Han characters (URO and Extension A). */
  han: number;
  /** Of those, how many are among the most frequent in government prose. */
  commonHan: number;
  replacement: number;
  privateUse: number;
  /** Characters no report contains (replacement and private-use ones included). */
  odd: number;
}

const COMMON_HAN_POINTS = 3;
const COMMON_PUNCT_POINTS = 2;
const REPLACEMENT_POINTS = -10;
const PRIVATE_USE_POINTS = -5;
/** Scripts and symbols that do not occur in reports but that a wrong decoding produces (Hangul, kana, box
 *  drawing, Cyrillic, compatibility ideographs, rare Extension A characters, ...). */
const ODD_POINTS = -3;

let pointsTable: Int8Array | undefined;

function points(): Int8Array {
  if (pointsTable) return pointsTable;
  const t = new Int8Array(0x10000).fill(ODD_POINTS);
  const neutral = (from: number, to: number) => t.fill(0, from, to + 1);
  neutral(0x09, 0x0d);
  neutral(0x20, 0x7e);
  neutral(0xa0, 0xff); // Latin-1 punctuation, ×, ÷, °
  neutral(0x2000, 0x206f); // general punctuation: — … ‰
  neutral(0x2100, 0x22ff); // letterlike (℃), number forms (Ⅱ), arrows, maths (≥)
  neutral(0x2460, 0x24ff); // ① ②
  neutral(0x25a0, 0x26ff); // ■ ● ★ used as bullets
  neutral(0x3000, 0x303f); // CJK punctuation
  neutral(0x4e00, 0x9fff); // any Han character is possible; only the common ones score
  neutral(0xff00, 0xffef); // full-width forms
  t.fill(PRIVATE_USE_POINTS, 0xe000, 0xf8ff + 1);
  t[0xfffd] = REPLACEMENT_POINTS;
  for (const c of COMMON_SIMPLIFIED + COMMON_TRADITIONAL) t[c.charCodeAt(0)] = COMMON_HAN_POINTS;
  for (const c of COMMON_PUNCTUATION) t[c.charCodeAt(0)] = COMMON_PUNCT_POINTS;
  pointsTable = t;
  return t;
}

export function scoreText(text: string): TextStats {
  const t = points();
  let score = 0;
  let han = 0;
  let commonHan = 0;
  let replacement = 0;
  let privateUse = 0;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const p = t[c] as number;
    score += p;
    if (p < 0) odd++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) {
      han++;
      if (p === COMMON_HAN_POINTS) commonHan++;
    } else if (c === 0xfffd) replacement++;
    else if (c >= 0xe000 && c <= 0xf8ff) privateUse++;
  }
  return { score, han, commonHan, replacement, privateUse, odd };
}
