import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { formatNumber, formatYear } from "../../format.js";
import { t } from "../../messages.js";
import type { History } from "./history.js";

// Only what this chart draws: keeps ECharts to a fraction of its full size in the bundle.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * Targets (bars) and actuals (line) of one indicator by year. The figure carries its title as its accessible
 * name, and a table of the same numbers follows for screen readers and for copying.
 */
export function HistoryChart({ history, title }: { history: History; title: string }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: "svg" });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    const el = ref.current;
    const chart = el ? echarts.getInstanceByDom(el) : undefined;
    if (!chart) return;
    const value = (v: unknown) =>
      typeof v === "number" ? `${formatNumber(v)}${history.unit}` : t.common.none;
    chart.setOption(
      {
        animation: false,
        grid: { left: 56, right: 24, top: 40, bottom: 32 },
        legend: { top: 0, data: [t.targets.target, t.targets.actual] },
        tooltip: { trigger: "axis", valueFormatter: value },
        xAxis: { type: "category", data: history.points.map((p) => formatYear(p.year)) },
        yAxis: {
          type: "value",
          name: history.unit,
          axisLabel: { formatter: (v: number) => formatNumber(v) },
        },
        series: [
          {
            name: t.targets.target,
            type: "bar",
            barMaxWidth: 36,
            itemStyle: { color: "#1f5fbf" },
            data: history.points.map((p) => p.target),
          },
          {
            name: t.targets.actual,
            type: "line",
            connectNulls: true,
            symbolSize: 8,
            itemStyle: { color: "#c2410c" },
            data: history.points.map((p) => p.actual),
          },
        ],
      },
      true,
    );
  }, [history]);

  return (
    <figure className="history-figure" data-testid="history-chart">
      <figcaption className="history-caption">{title}</figcaption>
      <div ref={ref} className="history-chart" role="img" aria-label={title} />
      <table className="sr-only">
        <caption>{`${t.targets.chartTable} · ${title}`}</caption>
        <thead>
          <tr>
            <th scope="col">{t.targets.year}</th>
            <th scope="col">{t.targets.target}</th>
            <th scope="col">{t.targets.actual}</th>
          </tr>
        </thead>
        <tbody>
          {history.points.map((p) => (
            <tr key={p.year}>
              <th scope="row">{formatYear(p.year)}</th>
              <td>{p.target === null ? t.common.none : `${formatNumber(p.target)}${history.unit}`}</td>
              <td>{p.actual === null ? t.common.none : `${formatNumber(p.actual)}${history.unit}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
