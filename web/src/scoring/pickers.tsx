import { useQuery } from "@tanstack/react-query";
import { Select, Space } from "antd";
import { useMemo } from "react";
import { ledgerApi } from "../api.js";
import { useMe } from "../auth.js";
import { locale, t } from "../messages.js";

const s = () => t.scoring;

/** Today's year and quarter in Asia/Shanghai, where every period is meant. */
export function currentPeriod(): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

function spanLabel(span: string): string {
  if (span === "") return s().spans.year;
  if (span.startsWith("Q") || span.startsWith("H"))
    return s().spans[span as "H1" | "H2" | "Q1" | "Q2" | "Q3" | "Q4"];
  return s().spans.month(Number(span));
}

/** "2026年第一季度" / "Q1 2026" for a period key. */
export function periodLabel(key: string): string {
  const year = key.slice(0, 4);
  const words = spanLabel(key.slice(5));
  return locale === "en-US" ? `${words} ${year}` : `${year}年${words}`;
}

/**
 * The regions the user may pick: admins every region; supervisors and viewers their region and those below
 * it. The default is the user's own region, else the first.
 */
export function useRegionChoices() {
  const me = useMe().data?.user;
  const regions = useQuery({ queryKey: ["regions"], queryFn: ledgerApi.regions });
  return useMemo(() => {
    const items = regions.data?.items ?? [];
    const scoped = me?.role !== "admin" && Boolean(me?.regionId);
    const below = new Set<string>(scoped && me?.regionId ? [me.regionId] : []);
    for (let grew = scoped; grew; ) {
      grew = false;
      for (const r of items)
        if (r.parentId && below.has(r.parentId) && !below.has(r.id)) {
          below.add(r.id);
          grew = true;
        }
    }
    const mine = scoped ? items.filter((r) => below.has(r.id)) : items;
    const options = mine.map((r) => ({ value: r.id, label: r.name }));
    const preferred = me?.regionId && options.some((o) => o.value === me.regionId) ? me.regionId : null;
    return {
      options,
      defaultId: preferred ?? options[0]?.value ?? null,
      loading: regions.isPending,
      names: new Map(items.map((r) => [r.id, r.name])),
    };
  }, [regions.data, regions.isPending, me?.role, me?.regionId]);
}

export function RegionSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | null;
  onChange: (id: string) => void;
}) {
  const choices = useRegionChoices();
  return (
    <Space>
      <label htmlFor={id}>{s().region}</label>
      <Select
        id={id}
        style={{ minWidth: 220 }}
        showSearch
        optionFilterProp="label"
        loading={choices.loading}
        value={value ?? undefined}
        onChange={onChange}
        options={choices.options}
        data-testid={`${id}-select`}
      />
    </Space>
  );
}

const SPANS = [
  "",
  "H1",
  "H2",
  "Q1",
  "Q2",
  "Q3",
  "Q4",
  ...Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, "0")),
];

/** Year and span (全年, 上半年, 第一季度, 3月 …) of a period key. */
export function PeriodSelect({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: string;
  onChange: (key: string) => void;
}) {
  const year = Number(value.slice(0, 4));
  const span = value.slice(5);
  const thisYear = Number(currentPeriod().slice(0, 4));
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  const key = (y: number, sp: string) => (sp === "" ? String(y) : `${y}-${sp}`);
  return (
    <Space>
      <label htmlFor={`${idPrefix}-year`}>{s().year}</label>
      <Select
        id={`${idPrefix}-year`}
        style={{ width: 110 }}
        value={year}
        onChange={(y: number) => onChange(key(y, span))}
        options={years.map((y) => ({ value: y, label: String(y) }))}
      />
      <label htmlFor={`${idPrefix}-span`}>{s().span}</label>
      <Select
        id={`${idPrefix}-span`}
        style={{ width: 130 }}
        value={span}
        onChange={(sp: string) => onChange(key(year, sp))}
        options={SPANS.map((x) => ({ value: x, label: spanLabel(x) }))}
        data-testid={`${idPrefix}-span-select`}
      />
    </Space>
  );
}
