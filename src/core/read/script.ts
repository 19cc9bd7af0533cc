import { ConverterFactory, type ConverterFunction, type DictGroup, type DictLike } from "opencc-js/core";
import * as t2cn from "opencc-js/preset/t2cn";

type Pair = readonly [string, string];

/**
 * Keeps only replacements that map every character to one of the same UTF-16 length, so any conversion
 * built from them leaves every offset pointing at the same character. OpenCC's phrase tables are almost all
 * like that; the exceptions (mostly characters whose simplified form lies outside the BMP) stay unconverted.
 */
function sameLength(dict: DictLike): Pair[] {
  const pairs: readonly (readonly [string, string])[] =
    typeof dict === "string" ? dict.split("|").map((e) => e.split(" ") as unknown as Pair) : dict;
  return pairs.filter(([from, to]) => {
    if (typeof to !== "string" || from.length !== to.length) return false;
    const a = Array.from(from);
    const b = Array.from(to);
    return a.length === b.length && a.every((c, i) => c.length === (b[i] as string).length);
  });
}

const filterGroups = (groups: readonly DictGroup[] | undefined): DictGroup[] =>
  (groups ?? []).map((group) => group.map(sameLength));

let phraseConverter: ConverterFunction | undefined;

/**
 * OpenCC's traditional→simplified chain, accepting Taiwan and Hong Kong variants as well as OpenCC-standard
 * traditional: measured on the corpus converted to each, "tw"→cn misreads HK forms (衞) and "hk"→cn
 * misreads TW forms (著); merging both variant tables reads all three back (the corpus round-trips with
 * one difference, OpenCC's own 濛→蒙).
 */
function converter(): ConverterFunction {
  if (!phraseConverter) {
    // The preset's typings omit normalizationChain (CJK compatibility ideographs → unified), present at runtime.
    const t2s = (t2cn.configs as Record<string, { normalizationChain?: readonly DictGroup[] }>).t2s;
    const variants = [...filterGroups(t2cn.from.tw), ...filterGroups(t2cn.from.hk)].flat();
    phraseConverter = ConverterFactory(
      ...filterGroups(t2s?.normalizationChain),
      [variants],
      ...filterGroups(t2cn.to.cn),
    );
  }
  return phraseConverter;
}

const charCache = new Map<string, string>();

/** One character (code point) converted on its own, or kept when its simplified form has another length. */
function simplifiedChar(c: string): string {
  let v = charCache.get(c);
  if (v === undefined) {
    const converted = converter()(c);
    v = converted.length === c.length ? converted : c;
    charCache.set(c, v);
  }
  return v;
}

function perCharacter(text: string): string {
  let out = "";
  for (const c of text) out += simplifiedChar(c);
  return out;
}

/**
 * Simplified text of exactly the same length as `text` (in UTF-16 units), so offsets found in the result
 * point into the original. Phrase tables apply (乾燥→干燥, while the emperor 乾隆 stays), restricted to
 * same-length replacements so every character stays in place; converting character by character is the
 * safety net should the length change anyway.
 */
export function toSimplified(text: string): string {
  const converted = converter()(text);
  return converted.length === text.length ? converted : perCharacter(text);
}

/** Han characters in the BMP blocks where simplified and traditional forms differ. */
function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

/** In traditional text about a third of the Han characters have a simplified form; in simplified text
 *  under 0.2% (names, quotations). The threshold sits far from both. */
const TRADITIONAL_SHARE = 0.1;
const MAX_HAN_SAMPLED = 2_000;

export function detectScript(text: string): "simplified" | "traditional" {
  let han = 0;
  let changed = 0;
  for (let i = 0; i < text.length && han < MAX_HAN_SAMPLED; i++) {
    const code = text.charCodeAt(i);
    if (!isHan(code)) continue;
    han++;
    const c = text[i] as string;
    if (simplifiedChar(c) !== c) changed++;
  }
  return han > 0 && changed / han > TRADITIONAL_SHARE ? "traditional" : "simplified";
}
