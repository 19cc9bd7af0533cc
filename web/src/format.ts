import type { FactValues } from "../../src/contract/api/facts.js";
import { t } from "./messages.js";

/** Numbers as a report writes them: no grouping, as many decimals as the value has (2008.3, 8.5). */
const numberFormat = new Intl.NumberFormat("zh-CN", { useGrouping: false, maximumFractionDigits: 6 });

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "2008.3亿元", "8.5%", "5万人": the value and unit as written, no space between. */
export function formatValue(value: number, unit: string, valueMax?: number | null): string {
  const n =
    valueMax != null && valueMax !== value
      ? `${formatNumber(value)}—${formatNumber(valueMax)}`
      : formatNumber(value);
  return `${n}${unit}`;
}

/** The comparator in words, and the value with it: "不低于 6%", "约 30亿元", "5%—6%". */
export function formatComparedValue(
  v: Pick<FactValues, "comparator" | "value" | "valueMax" | "unit">,
): string {
  if (v.comparator === "range") return formatValue(v.value, v.unit, v.valueMax);
  const value = formatValue(v.value, v.unit, v.valueMax);
  return v.comparator === "=" ? value : `${t.comparators[v.comparator]} ${value}`;
}

export function formatPeriod(p: { from: number; to: number } | null): string {
  if (!p) return t.common.none;
  return p.from === p.to ? `${p.from}年` : `${p.from}—${p.to}年`;
}

function parseDay(iso: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

/** A deadline: the last day of a month reads "2026年6月底", any other day "2026年6月15日". */
export function formatDeadline(iso: string | null): string {
  if (!iso) return t.common.none;
  const p = parseDay(iso);
  if (!p) return iso;
  const lastDay = new Date(Date.UTC(p.y, p.m, 0)).getUTCDate();
  return p.d === lastDay ? `${p.y}年${p.m}月底` : `${p.y}年${p.m}月${p.d}日`;
}

/** A calendar date: "2026年1月15日". */
export function formatDate(iso: string | null): string {
  if (!iso) return t.common.none;
  const p = parseDay(iso);
  return p ? `${p.y}年${p.m}月${p.d}日` : iso;
}

const dateTimeFormat = new Intl.DateTimeFormat("zh-CN", {
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** A moment, in the browser's time zone: "2026年1月15日 14:03". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}
