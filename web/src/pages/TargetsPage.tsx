import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Alert, AutoComplete, Button, Card, Empty, Form, Select, Space, Spin, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { FactView } from "../../../src/contract/api/facts.js";
import type { SectionRole } from "../../../src/contract/extraction.js";
import { api, errorMessage, ledgerApi } from "../api.js";
import { formatComparedValue, formatPeriod, formatYear } from "../format.js";
import { t } from "../messages.js";
import { HistoryChart } from "./targets/HistoryChart.js";
import { indicatorHistory } from "./targets/history.js";

const PAGE = 100;
const SECTION_ROLES: SectionRole[] = [
  "targets",
  "plan",
  "guidance",
  "review",
  "problems",
  "outlook",
  "other",
];

interface Filters {
  regionId?: string;
  year?: number;
  indicator?: string;
  sectionRole?: SectionRole;
}

function useFilters(): [Filters, (next: Filters) => void] {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  const region = params.get("region");
  const year = Number(params.get("year"));
  const indicator = params.get("indicator");
  const section = params.get("section") as SectionRole | null;
  if (region) filters.regionId = region;
  if (Number.isInteger(year) && year > 1900) filters.year = year;
  if (indicator) filters.indicator = indicator;
  if (section && SECTION_ROLES.includes(section)) filters.sectionRole = section;
  const set = (next: Filters) => {
    const p = new URLSearchParams();
    if (next.regionId) p.set("region", next.regionId);
    if (next.year) p.set("year", String(next.year));
    if (next.indicator) p.set("indicator", next.indicator);
    if (next.sectionRole) p.set("section", next.sectionRole);
    setParams(p, { replace: true });
  };
  return [filters, set];
}

/** Every report's title and plan year, for the table's report column and the year filter. */
function useReportIndex() {
  return useQuery({
    queryKey: ["reports", "index"],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const out = new Map<string, { title: string; planYear: number | null }>();
      let cursor: string | null = null;
      do {
        const page = await api.reports({ limit: 500, cursor });
        for (const r of page.items)
          out.set(r.id, { title: r.title || `${t.reports.untitled} ${r.sourcePath}`, planYear: r.planYear });
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },
  });
}

function useRegionNames() {
  const regions = useQuery({ queryKey: ["regions"], queryFn: ledgerApi.regions, staleTime: 5 * 60_000 });
  const names = useMemo(
    () => new Map((regions.data?.items ?? []).map((r) => [r.id, r.name])),
    [regions.data],
  );
  return { regions, names };
}

function useIndicatorNames() {
  return useQuery({
    queryKey: ["indicators", "names"],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await ledgerApi.indicators(cursor);
        names.push(...page.items.map((i) => i.name));
        cursor = page.nextCursor;
      } while (cursor);
      return names.sort((a, b) => a.localeCompare(b, "zh-CN"));
    },
  });
}

/** Free text typed into the indicator box reaches the filter after a pause, not at every keystroke. */
function IndicatorInput({
  id,
  value,
  onChange,
  options,
}: {
  id?: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  options: string[];
}) {
  const [text, setText] = useState(value ?? "");
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => setText(value ?? ""), [value]);
  useEffect(() => {
    const v = text.trim() || undefined;
    if (v === value) return;
    const timer = setTimeout(() => changed.current(v), 500);
    return () => clearTimeout(timer);
  }, [text, value]);
  const shown = text ? options.filter((o) => o.includes(text.trim())).slice(0, 50) : options.slice(0, 50);
  return (
    <AutoComplete
      id={id}
      value={text}
      allowClear
      style={{ width: 220 }}
      placeholder={t.targets.indicatorPlaceholder}
      options={shown.map((o) => ({ value: o }))}
      onChange={(v) => setText(v ?? "")}
      onSelect={(v: string) => {
        setText(v);
        onChange(v);
      }}
    />
  );
}

/** The indicator's targets and actuals by year, in one region (the filtered one, or the one with most data). */
function HistorySection({
  indicator,
  regionId,
  regionNames,
}: {
  indicator: string | undefined;
  regionId: string | undefined;
  regionNames: Map<string, string>;
}) {
  const [picked, setPicked] = useState<string | undefined>();
  const facts = useQuery({
    queryKey: ["facts", "history", indicator, regionId ?? null],
    enabled: indicator !== undefined,
    queryFn: async () => {
      const out: FactView[] = [];
      let cursor: string | null = null;
      // A few pages cover an indicator's history in a province; beyond that the chart would be unreadable.
      for (let i = 0; i < 6; i++) {
        const page = await ledgerApi.facts({ indicator, ...(regionId ? { regionId } : {}) }, 500, cursor);
        out.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return out;
    },
  });
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const f of facts.data ?? []) if (f.regionId) m.set(f.regionId, (m.get(f.regionId) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]);
  }, [facts.data]);
  const chartRegion =
    picked && counts.some(([id]) => id === picked)
      ? picked
      : regionId && counts.some(([id]) => id === regionId)
        ? regionId
        : counts[0]?.[0];
  const history = useMemo(
    () => indicatorHistory((facts.data ?? []).filter((f) => f.regionId === chartRegion)),
    [facts.data, chartRegion],
  );

  if (!indicator) return <p className="muted">{t.targets.chartPick}</p>;
  if (facts.isPending) return <Spin />;
  if (facts.isError) return <Alert type="error" showIcon message={errorMessage(facts.error)} />;
  const regionName = (chartRegion && regionNames.get(chartRegion)) || t.common.none;
  return (
    <Space direction="vertical" className="page">
      {counts.length > 1 && (
        <Space>
          <label htmlFor="chart-region">{t.targets.chartRegion}</label>
          <Select
            id="chart-region"
            style={{ width: 200 }}
            value={chartRegion}
            onChange={setPicked}
            showSearch
            optionFilterProp="label"
            options={counts.map(([id]) => ({ value: id, label: regionNames.get(id) ?? id }))}
          />
        </Space>
      )}
      {history ? (
        <HistoryChart history={history} title={t.targets.chartTitle(indicator, regionName, history.unit)} />
      ) : (
        <Empty description={t.targets.chartNoData} />
      )}
    </Space>
  );
}

/** 目标台账: every target the user may see, filtered, with an indicator's history and an Excel export. */
export function TargetsPage() {
  const [filters, setFilters] = useFilters();
  const { regions, names: regionNames } = useRegionNames();
  const reportIndex = useReportIndex();
  const indicators = useIndicatorNames();
  const query = { ...filters, kind: "target" as const };
  const facts = useInfiniteQuery({
    queryKey: ["facts", "targets", query],
    queryFn: ({ pageParam }) => ledgerApi.facts(query, PAGE, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  // Corrected figures: 不是数据 and targets corrected into actuals are no longer targets.
  const rows = (facts.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (f) => !f.notAFact && f.current.kind === "target",
  );
  const years = useMemo(() => {
    const set = new Set<number>();
    for (const r of reportIndex.data?.values() ?? []) if (r.planYear) set.add(r.planYear);
    return [...set].sort((a, b) => b - a);
  }, [reportIndex.data]);

  const columns: ColumnsType<FactView> = [
    {
      title: t.targets.columns.region,
      key: "region",
      render: (_v, f) => (f.regionId && regionNames.get(f.regionId)) || t.common.none,
    },
    { title: t.targets.columns.year, key: "year", render: (_v, f) => formatYear(f.planYear) },
    {
      title: t.targets.columns.indicator,
      key: "indicator",
      render: (_v, f) => f.current.indicator ?? t.common.none,
    },
    {
      title: t.targets.columns.value,
      key: "value",
      render: (_v, f) => <span className="nowrap">{formatComparedValue(f.current)}</span>,
    },
    { title: t.targets.columns.period, key: "period", render: (_v, f) => formatPeriod(f.current.period) },
    {
      title: t.targets.columns.report,
      key: "report",
      render: (_v, f) => (
        <Link
          to={`/reports/${encodeURIComponent(f.reportId)}?fact=${encodeURIComponent(f.id)}`}
          title={t.targets.openFact}
        >
          {reportIndex.data?.get(f.reportId)?.title ?? f.reportId}
        </Link>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="large" className="page">
      <Typography.Title level={1} className="page-title">
        {t.targets.title}
      </Typography.Title>
      <Card size="small" title={<h2 className="card-title">{t.targets.filters}</h2>}>
        <Form layout="inline" className="filter-form">
          <Form.Item label={t.targets.region} htmlFor="targets-region">
            <Select
              id="targets-region"
              style={{ width: 200 }}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t.targets.allRegions}
              loading={regions.isPending}
              value={filters.regionId}
              onChange={(v?: string) => setFilters({ ...filters, regionId: v })}
              options={(regions.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
            />
          </Form.Item>
          <Form.Item label={t.targets.year} htmlFor="targets-year">
            <Select
              id="targets-year"
              style={{ width: 130 }}
              allowClear
              placeholder={t.targets.allYears}
              value={filters.year}
              onChange={(v?: number) => setFilters({ ...filters, year: v })}
              options={years.map((y) => ({ value: y, label: formatYear(y) }))}
            />
          </Form.Item>
          <Form.Item label={t.targets.indicator} htmlFor="targets-indicator">
            <IndicatorInput
              id="targets-indicator"
              value={filters.indicator}
              onChange={(v) => setFilters({ ...filters, indicator: v })}
              options={indicators.data ?? []}
            />
          </Form.Item>
          <Form.Item label={t.targets.sectionRole} htmlFor="targets-section">
            <Select
              id="targets-section"
              style={{ width: 150 }}
              allowClear
              placeholder={t.targets.allSections}
              value={filters.sectionRole}
              onChange={(v?: SectionRole) => setFilters({ ...filters, sectionRole: v })}
              options={SECTION_ROLES.map((r) => ({ value: r, label: t.sectionRoles[r] }))}
            />
          </Form.Item>
          <Form.Item>
            <Button onClick={() => setFilters({})}>{t.targets.reset}</Button>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title={<h2 className="card-title">{t.targets.chart}</h2>}>
        <HistorySection indicator={filters.indicator} regionId={filters.regionId} regionNames={regionNames} />
      </Card>
      {facts.isError && (
        <Alert
          type="error"
          showIcon
          message={errorMessage(facts.error)}
          action={<Button onClick={() => void facts.refetch()}>{t.common.retry}</Button>}
        />
      )}
      <div className="table-toolbar">
        <Button type="primary" href={ledgerApi.exportUrl(query)} download data-testid="targets-export">
          {t.targets.export}
        </Button>
      </div>
      <Table<FactView>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={facts.isPending}
        pagination={false}
        locale={{ emptyText: <span className="table-empty">{t.targets.empty}</span> }}
        data-testid="targets-table"
      />
      <div className="load-more">
        <span className="muted">{t.targets.count(rows.length)}</span>
        {facts.hasNextPage ? (
          <Button onClick={() => void facts.fetchNextPage()} loading={facts.isFetchingNextPage}>
            {t.common.loadMore}
          </Button>
        ) : (
          rows.length > 0 && <span className="muted">{t.common.noMore}</span>
        )}
      </div>
    </Space>
  );
}
