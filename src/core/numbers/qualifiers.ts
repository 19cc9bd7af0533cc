import type { Comparator } from "../../contract/extraction.js";

/** Words before a number that qualify it, longest first. */
export const PRE_QUALIFIERS: Array<[string, Comparator]> = [
  ["不低于", ">="],
  ["不少于", ">="],
  ["至少", ">="],
  ["不超过", "<="],
  ["不高于", "<="],
  ["最多", "<="],
  ["不到", "<"],
  ["不足", "<"],
  ["低于", "<"],
  ["少于", "<"],
  ["超过", ">"],
  ["高于", ">"],
  ["多于", ">"],
  ["大于", ">"],
  ["突破", ">"],
  ["逾", ">"],
  ["超", ">"],
  ["将近", "~"],
  ["接近", "~"],
  ["大约", "~"],
  ["约", "~"],
  ["近", "~"],
];

/** Words after a number (and its unit) that qualify it. */
export const POST_QUALIFIERS: Array<[string, Comparator]> = [
  ["以上", ">="],
  ["以内", "<="],
  ["以下", "<="],
  ["左右", "~"],
  ["上下", "~"],
  ["有余", ">"],
];

/** Between the number and its unit: 20多万头, 100余家. */
export const INNER_QUALIFIERS: Array<[string, Comparator]> = [
  ["多", ">"],
  ["余", ">"],
];

/** Connectors that turn two numbers into a range: 1至2家, 4.5%—5%, 5%-6%. */
export const RANGE_CONNECTORS = ["至", "到", "-", "—", "~", "－"];
