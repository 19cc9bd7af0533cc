/**
 * Report texts for `npm run bench:web`, written the way work reports are: a review part full of figures and a
 * plan part full of tasks, varied so that no line repeats (repeated copies are dropped as page furniture).
 */

const SECTORS = ["工业", "农业", "服务业", "文旅", "物流", "数字经济", "新能源", "建筑业", "外贸", "商贸"];
const PLACES = ["城东", "城西", "城南", "城北", "开发区", "高新区", "滨江", "山区", "沿湖", "老城"];
const ACTIONS = ["推进", "加快", "完成", "实施", "启动", "建成", "改造", "提升"];
const WORKS = ["污水管网", "农村公路", "老旧小区", "产业园区", "学校校舍", "卫生院", "养老中心", "停车泊位"];

/** A report with about `facts` figures in its review part (two per sentence). */
export function factReport(facts: number): string {
  const lines = ["基准县2025年政府工作报告", "一、2024年工作回顾"];
  const sentences = Math.ceil(facts / 2);
  let para: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const sector = SECTORS[i % SECTORS.length];
    const place = PLACES[Math.floor(i / SECTORS.length) % PLACES.length];
    const value = (10 + ((i * 37) % 900) / 10).toFixed(1);
    const growth = (1 + ((i * 13) % 90) / 10).toFixed(1);
    para.push(`${place}片区${sector}第${i + 1}组项目完成投资${value}亿元，同比增长${growth}%。`);
    if (para.length === 6) {
      lines.push(para.join(""));
      para = [];
    }
  }
  if (para.length > 0) lines.push(para.join(""));
  lines.push("二、2025年工作安排", "全年地区生产总值增长6%左右。");
  return lines.join("\n");
}

/** A report with `tasks` action sentences in its plan part, in groups of fifty. */
export function taskReport(tasks: number): string {
  const lines = [
    "基准市2026年政府工作报告",
    "一、2025年工作回顾",
    "过去一年，全市经济稳中向好。",
    "二、2026年重点工作",
  ];
  const groups = Math.ceil(tasks / 50);
  let n = 0;
  for (let g = 0; g < groups && n < tasks; g++) {
    lines.push(
      `（${g + 1}）${PLACES[g % PLACES.length]}${SECTORS[g % SECTORS.length]}片区第${g + 1}组重点工作`,
    );
    for (let i = 0; i < 50 && n < tasks; i++, n++) {
      const action = ACTIONS[n % ACTIONS.length];
      const work = WORKS[Math.floor(n / ACTIONS.length) % WORKS.length];
      lines.push(`${action}${PLACES[n % PLACES.length]}第${n + 1}号${work}项目，年底前全面完成。`);
    }
  }
  return lines.join("\n");
}
