import { Buffer, isUtf8 } from "node:buffer";
import chardet from "chardet";
import { ErrorCode } from "../errors.js";
import { fail } from "./fail.js";
import { scoreText, type TextStats } from "./score.js";
import { controlByteShare, MAX_CONTROL_SHARE, refuseBinary } from "./sniff.js";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | "big5";
type LegacyEncoding = "gb18030" | "big5";

export interface DecodedText {
  /** BOM dropped, line endings as in the file. */
  text: string;
  encoding: TextEncoding;
  warnings: string[];
}

export interface DecodeOptions {
  /** Charset an HTML page declares, already mapped to the encodings duban reads. */
  declared?: TextEncoding;
  /** `unicodeEncoding(bytes)` if the caller has it already. */
  unicode?: TextEncoding | null;
  name?: string;
}

/** Enough bytes to judge an encoding; scoring the whole of a large file would only cost time. */
const SAMPLE_BYTES = 64 * 1024;

export function bomEncoding(bytes: Uint8Array): TextEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/**
 * UTF-16 without a BOM. NUL bytes are the tell (ASCII in UTF-16 is half NULs; text in byte encodings has
 * none), but which side they fall on is not: "一" (U+4E00) puts its NUL on the other side. So both byte
 * orders are decoded and the one that reads as text wins; binary data reads as neither. Pure-Han UTF-16
 * without BOM has no NULs at all and is not recognised.
 */
export function utf16ByNuls(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, SAMPLE_BYTES) & ~1);
  if (sample.length < 2 || sample.indexOf(0) === -1) return null;
  let nuls = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) nuls++;
  if (nuls < Math.max(2, sample.length * 0.005)) return null;
  let best: { encoding: "utf-16le" | "utf-16be"; score: number } | null = null;
  for (const encoding of ["utf-16le", "utf-16be"] as const) {
    const text = decodeAs(sample, encoding);
    if (controlCharShare(text) > MAX_CONTROL_SHARE) continue;
    const { score, odd } = scoreText(text);
    // Random bytes decode as UTF-16 without control characters, but mostly to Hangul, surrogates and the like.
    if (odd > text.length * 0.1) continue;
    if (!best || score > best.score) best = { encoding, score };
  }
  return best?.encoding ?? null;
}

/** An encoding the bytes announce (BOM) or betray (UTF-16's NULs), before any guessing. */
export function unicodeEncoding(bytes: Uint8Array): TextEncoding | null {
  return bomEncoding(bytes) ?? utf16ByNuls(bytes);
}

/** Non-fatal decode; TextDecoder drops a BOM of its own encoding, so offsets count from the first character. */
export function decodeAs(bytes: Uint8Array, encoding: TextEncoding): string {
  return new TextDecoder(encoding).decode(bytes);
}

/** Valid UTF-8 decoded, or null. Buffer's validator and decoder are several times faster than a fatal
 *  TextDecoder; the BOM is dropped by hand to match TextDecoder. */
function strictUtf8(bytes: Uint8Array): string | null {
  if (!isUtf8(bytes)) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return true;
  return false;
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

type Guess = "utf-8" | LegacyEncoding;

interface Candidate {
  encoding: Guess;
  stats: TextStats;
}

interface Choice {
  best: Candidate;
  /** Every candidate, for callers that trust a declared charset more than the scores. */
  all: Candidate[];
  /** The scores alone settled it; otherwise chardet (or the default) did. */
  confident: boolean;
  chardetGuess?: string;
}

function chardetOpinion(sample: Uint8Array): { pick?: Guess; top?: string } {
  const matches = chardet.analyse(sample);
  const pick = matches.find((m) => m.name === "GB18030" || m.name === "Big5" || m.name === "UTF-8");
  const names: Record<string, Guess> = { GB18030: "gb18030", Big5: "big5", "UTF-8": "utf-8" };
  return { pick: pick ? names[pick.name] : undefined, top: matches[0]?.name };
}

/**
 * For bytes that are not valid UTF-8: GB18030 (GBK, GB2312), Big5, or UTF-8 with a few broken sequences (a
 * file cut mid-character, a stray byte), by which decoding reads most like Chinese prose.
 */
export function chooseEncoding(bytes: Uint8Array): Choice {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const all = (["utf-8", "gb18030", "big5"] as const).map((encoding) => ({
    encoding,
    stats: scoreText(decodeAs(sample, encoding)),
  }));
  const ranked = [...all].sort((a, b) => b.stats.score - a.stats.score);
  const [best, second] = ranked as [Candidate, Candidate];
  const margin = (c: Candidate) =>
    Math.max(6, Math.abs(best.stats.score) * 0.1) > best.stats.score - c.stats.score;
  if (best.stats.score > 0 && !margin(second)) return { best, all, confident: true };
  // Too close to call: chardet decides among the candidates near the top, never for a clearly worse one.
  const opinion = chardetOpinion(sample);
  const chosen = ranked.find((c) => c.encoding === opinion.pick && margin(c)) ?? best;
  return { best: chosen, all, confident: false, chardetGuess: opinion.top };
}

function undecodable(detail: string, detailZh: string, guess?: string): never {
  const hint = guess ? ` (chardet's guess: ${guess})` : "";
  const hintZh = guess ? `（chardet 猜测为 ${guess}）` : "";
  throw fail(
    ErrorCode.UndecodableText,
    `The text could not be decoded: ${detail}${hint}. duban reads UTF-8, UTF-16, GB18030/GBK and Big5; convert the file to UTF-8 and try again.`,
    `无法解码文本：${detailZh}${hintZh}。duban 支持 UTF-8、UTF-16、GB18030/GBK 和 Big5，请转换为 UTF-8 后重试。`,
    guess ? { chardetGuess: guess } : {},
  );
}

/** Below this share of common characters among many Han characters, the "Chinese" is a wrong decoding. */
const MIN_COMMON_SHARE = 0.08;
const MIN_HAN_TO_JUDGE = 100;
/** Above this share of U+FFFD, private-use and C1 characters among the visible characters the text is
 *  garbage, not a damaged report. */
const MAX_GARBAGE_SHARE = 0.25;

function decodeDetected(
  bytes: Uint8Array,
  declared: LegacyEncoding | undefined,
  warnings: string[],
): DecodedText {
  const choice = chooseEncoding(bytes);
  let chosen = choice.best;
  if (declared && declared !== chosen.encoding) {
    const declaredCand = choice.all.find((c) => c.encoding === declared) as Candidate;
    // A page's declared charset wins unless its decoding is clearly worse (mislabelled pages are common).
    if (declaredCand.stats.score >= chosen.stats.score * 0.5 || chosen.stats.score <= 0) {
      chosen = declaredCand;
    } else {
      warnings.push(
        `page declares ${declared} but its bytes read as ${chosen.encoding}; used ${chosen.encoding}`,
      );
    }
  } else if (!declared && !choice.confident) {
    warnings.push(`encoding uncertain: read as ${chosen.encoding}`);
  }
  const { stats } = chosen;
  if (stats.han >= MIN_HAN_TO_JUDGE && stats.commonHan / stats.han < MIN_COMMON_SHARE) {
    undecodable(
      "the bytes are not UTF-8 and read as neither GB18030 nor Big5 Chinese",
      "字节既不是 UTF-8，按 GB18030 或 Big5 解码也不是中文",
      choice.chardetGuess ?? chardetOpinion(bytes.subarray(0, SAMPLE_BYTES)).top,
    );
  }
  const text = decodeAs(bytes, chosen.encoding);
  return finishDecoded(text, chosen.encoding, warnings);
}

function finishDecoded(text: string, encoding: TextEncoding, warnings: string[]): DecodedText {
  // Wrong or broken decodings yield U+FFFD, and Node's Big5 decoder also private-use and C1 characters.
  const garbage = text.match(/[\uFFFD\uE000-\uF8FF\u0080-\u009F]/g)?.length ?? 0;
  if (garbage > 0) {
    const visible = text.length - (text.match(/\s/g)?.length ?? 0);
    if (garbage / Math.max(1, visible) > MAX_GARBAGE_SHARE) {
      undecodable(
        `${garbage} of ${visible} characters are invalid or unassigned in ${encoding}`,
        `${visible} 个字符中有 ${garbage} 个在 ${encoding} 中无效或未定义`,
      );
    }
    const replaced = countChar(text, "\uFFFD");
    if (replaced > 0) warnings.push(`${replaced} invalid ${encoding} byte sequence(s) replaced by U+FFFD`);
  }
  return { text, encoding, warnings };
}

/** Share of characters no text contains: C0 controls other than whitespace, and noncharacters. */
function controlCharShare(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0xfffe || c === 0xffff) {
      bad++;
    }
  }
  return bad / text.length;
}

/**
 * Bytes to text: BOM, then UTF-16 by its NUL pattern, then strict UTF-8 (cheap, and most files), and only
 * then the costly choice between GB18030, Big5 and damaged UTF-8.
 */
export function decodeText(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const warnings: string[] = [];
  const unicode = opts.unicode === undefined ? unicodeEncoding(bytes) : opts.unicode;
  if (unicode === "utf-16le" || unicode === "utf-16be") {
    if (bytes.length % 2 === 1) warnings.push(`odd number of bytes for ${unicode}; last byte ignored`);
    const text = decodeAs(bytes.subarray(0, bytes.length & ~1), unicode);
    const share = controlCharShare(text);
    if (share > MAX_CONTROL_SHARE) refuseBinary(share, opts.name);
    return finishDecoded(text, unicode, warnings);
  }
  const share = controlByteShare(bytes);
  if (share > MAX_CONTROL_SHARE) refuseBinary(share, opts.name);
  if (unicode === "utf-8") return finishDecoded(decodeAs(bytes, "utf-8"), "utf-8", warnings);

  const declared = opts.declared;
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) {
    if ((declared === "gb18030" || declared === "big5") && hasNonAscii(bytes)) {
      warnings.push(`page declares ${declared} but its bytes are valid UTF-8; used utf-8`);
    }
    return { text: utf8, encoding: "utf-8", warnings };
  }
  if (declared === "utf-8" || declared === "utf-16le" || declared === "utf-16be") {
    warnings.push(`page declares ${declared} but its bytes are not; detected the encoding instead`);
  }
  return decodeDetected(
    bytes,
    declared === "gb18030" || declared === "big5" ? declared : undefined,
    warnings,
  );
}
