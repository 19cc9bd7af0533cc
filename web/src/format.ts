import type { FactValues } from "../../src/contract/api/facts.js";
import { locale, t } from "./messages.js";

const en = locale === "en-US";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

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

/** A year: "2026年" / "2026". */
export function formatYear(year: number | null): string {
  if (year == null) return t.common.none;
  return en ? String(year) : `${year}年`;
}

export function formatPeriod(p: { from: number; to: number } | null): string {
  if (!p) return t.common.none;
  if (p.from === p.to) return formatYear(p.from);
  return en ? `${p.from}–${p.to}` : `${p.from}—${p.to}年`;
}

function parseDay(iso: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function day(p: { y: number; m: number; d: number }): string {
  return en ? `${p.d} ${MONTHS[p.m - 1]} ${p.y}` : `${p.y}年${p.m}月${p.d}日`;
}

/**
 * A deadline: the last day of a month reads "2026年6月底" / "end of Jun 2026", any other day
 * "2026年6月15日" / "15 Jun 2026".
 */
export function formatDeadline(iso: string | null): string {
  if (!iso) return t.common.none;
  const p = parseDay(iso);
  if (!p) return iso;
  const lastDay = new Date(Date.UTC(p.y, p.m, 0)).getUTCDate();
  if (p.d !== lastDay) return day(p);
  return en ? `end of ${MONTHS[p.m - 1]} ${p.y}` : `${p.y}年${p.m}月底`;
}

/** A calendar date: "2026年1月15日" / "15 Jan 2026". */
export function formatDate(iso: string | null): string {
  if (!iso) return t.common.none;
  const p = parseDay(iso);
  return p ? day(p) : iso;
}

const dateTimeFormat = new Intl.DateTimeFormat(en ? "en-GB" : "zh-CN", {
  year: "numeric",
  month: en ? "short" : "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** A moment, in the browser's time zone: "2026年1月15日 14:03" / "15 Jan 2026, 14:03". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}
