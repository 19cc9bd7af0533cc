import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { type ECElementEvent, type EChartsCoreOption, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only what the dashboard draws: the bundle stays small.
use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * An ECharts chart. The canvas says nothing to a screen reader, so the container is an image labelled with the
 * figures it shows (`label`); the same figures are in the tables beside it.
 */
export function Chart({
  option,
  label,
  height = 300,
  onClick,
  testId,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
  onClick?: (e: ECElementEvent) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el);
    chart.setOption(option);
    chart.on("click", (e) => click.current?.(e as ECElementEvent));
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option]);
  return (
    <div ref={ref} role="img" aria-label={label} style={{ height, width: "100%" }} data-testid={testId} />
  );
}
