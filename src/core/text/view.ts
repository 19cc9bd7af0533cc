/**
 * A normalized view of the decoded text that extraction reads, with a map back to the original offsets.
 *
 * Reports are dirty in ways that break pattern matching but must not break offsets: full-width digits and
 * ％, CRLF, literal "\r\n" escapes left by scrapers, letter-spaced titles (政 府 工 作 报 告) and stray spaces
 * inside words. The view folds all of these; `toOriginal` turns any view span back into a span of the
 * original text, so a quote is always `text.slice(start, end)` of what the user gave us.
 */
export interface TextView {
  /** Normalized text: ASCII digits/letters/punctuation, "\n" line ends, no spaces between Chinese chars. */
  readonly text: string;
  /** For every view index i, the original index of the character it came from (length = text.length + 1). */
  readonly map: Int32Array;
  readonly original: string;
}

const FULLWIDTH_START = 0xff01;
const FULLWIDTH_END = 0xff5e;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0 || c === 0x200b || c === 0xfeff;
}

function isAsciiWord(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Folds one code unit; returns -1 to drop it. */
function fold(c: number): number {
  if (c >= FULLWIDTH_START && c <= FULLWIDTH_END) return c - 0xfee0;
  switch (c) {
    case 0x3002: // 。 stays, it is the sentence end everywhere
      return c;
    case 0xfe50: // small comma
    case 0xff64: // halfwidth ideographic comma
      return 0x3001;
    case 0x2014: // — em dash, used for ranges
    case 0x2013:
    case 0x2015:
    case 0x2212:
    case 0xff5e:
    case 0x301c: // 〜 wave dash
      return 0x2014;
    case 0x2030:
      return c; // ‰
    default:
      return c;
  }
}

export function buildView(original: string): TextView {
  const n = original.length;
  const out: number[] = [];
  const map = new Int32Array(n + 1);
  let outLen = 0;
  let i = 0;
  // Whether the last emitted char was a line break: collapses runs of blank lines into one break.
  let lastWasBreak = true;
  while (i < n) {
    let c = original.charCodeAt(i);
    // Literal backslash escapes from scrapers: "\r\n", "\n", "\r" as two-character sequences.
    if (c === 0x5c && i + 1 < n) {
      const d = original.charCodeAt(i + 1);
      if (d === 0x6e || d === 0x72) {
        let j = i;
        while (
          j + 1 < n &&
          original.charCodeAt(j) === 0x5c &&
          (original[j + 1] === "n" || original[j + 1] === "r")
        )
          j += 2;
        if (!lastWasBreak) {
          map[outLen++] = i;
          out.push(0x0a);
          lastWasBreak = true;
        }
        i = j;
        continue;
      }
    }
    if (c === 0x0d || c === 0x0a || c === 0x2028 || c === 0x2029) {
      if (!lastWasBreak) {
        map[outLen++] = i;
        out.push(0x0a);
        lastWasBreak = true;
      }
      i++;
      continue;
    }
    if (isSpace(c)) {
      // Keep a single space only where it separates two ASCII words ("GDP growth", "PM 2.5").
      let j = i;
      while (j < n && isSpace(original.charCodeAt(j))) j++;
      const prev = outLen > 0 ? (out[outLen - 1] as number) : 0x0a;
      const next = j < n ? fold(original.charCodeAt(j)) : 0x0a;
      if (isAsciiWord(prev) && isAsciiWord(next) && !(isDigit(prev) && isDigit(next))) {
        map[outLen++] = i;
        out.push(0x20);
      }
      i = j;
      continue;
    }
    c = fold(c);
    map[outLen++] = i;
    out.push(c);
    lastWasBreak = false;
    i++;
  }
  map[outLen] = n;
  const text = decodeCodes(out);
  return { text, map: map.subarray(0, outLen + 1), original };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function decodeCodes(codes: number[]): string {
  let s = "";
  const CHUNK = 8192;
  for (let k = 0; k < codes.length; k += CHUNK) s += String.fromCharCode(...codes.slice(k, k + CHUNK));
  return s;
}

/** Original span [start, end) covering the view span [vs, ve). */
export function toOriginal(view: TextView, vs: number, ve: number): { start: number; end: number } {
  const start = view.map[vs] as number;
  const end = ve > vs ? (view.map[ve - 1] as number) + 1 : start;
  return { start, end };
}
