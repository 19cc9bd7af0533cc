import { describe, expect, it } from "vitest";
import { Extraction } from "../../src/contract/extraction.js";
import { extractReport } from "../../src/core/extract/index.js";
import type { DecodedDocument } from "../../src/core/read/types.js";

const doc = (text: string): DecodedDocument => ({ text, format: "txt", encoding: "utf-8", warnings: [] });
const src = { path: "t.txt", sha256: "0".repeat(64) };

const REPORT = [
  "标题：2025年示例市政府工作报告",
  "年份：2027",
  "发布时间：2027-01-05 09:30 来源：示例市人民政府网 打印本页 关闭窗口",
  "2025年示例市政府工作报告",
  "——2025年1月8日在示例市第十届人民代表大会第三次会议上",
  "各位代表：",
  "一、2024年工作回顾2024年，全市实现地区生产总值2008.3亿元，同比增长5.2%；城镇、农村居民人均可支配收入分别为6.7万元和4.1万元，增长4.9%和7.5%。新增上市企业3家。",
  "二、2025年主要预期目标",
  "地区生产总值增长6%左右，一般公共预算收入增长5%以上，新增上市企业1至2家。",
  "三、2025年重点工作",
  "（一）提升内外交通能级",
  "年底前建成中横线快速路一期。6月底前完成老旧小区改造30个。启动城西综合体建设。",
  "浏览次数：12345",
].join("\n");

describe("extractReport", () => {
  const out = extractReport(doc(REPORT), src);

  it("conforms to the contract", () => {
    expect(Extraction.safeParse(out).success).toBe(true);
  });

  it("reads metadata from the content, not the scraper header or page date", () => {
    expect(out.report).toEqual({
      title: "2025年示例市政府工作报告",
      region: "示例市",
      date: "2025-01-08",
      summaryYear: 2024,
      planYear: 2025,
    });
  });

  it("cuts a heading run into its first sentence and gives roles", () => {
    expect(out.sections.map((s) => [s.heading, s.role])).toEqual([
      ["一、2024年工作回顾", "review"],
      ["二、2025年主要预期目标", "targets"],
      ["三、2025年重点工作", "plan"],
      ["（一）提升内外交通能级", "plan"],
    ]);
  });

  it("gives actual and target facts with indicators, lists and qualifiers", () => {
    const brief = out.facts.map((f) => [
      f.kind,
      f.indicator,
      f.measure,
      f.value,
      f.valueMax,
      f.unit,
      f.comparator,
    ]);
    expect(brief).toEqual([
      ["actual", "地区生产总值", "level", 2008.3, null, "亿元", "="],
      ["actual", "地区生产总值", "change", 5.2, null, "%", "="],
      ["actual", "城镇居民人均可支配收入", "level", 6.7, null, "万元", "="],
      ["actual", "农村居民人均可支配收入", "level", 4.1, null, "万元", "="],
      ["actual", "城镇居民人均可支配收入", "change", 4.9, null, "%", "="],
      ["actual", "农村居民人均可支配收入", "change", 7.5, null, "%", "="],
      ["actual", "新增上市企业", "level", 3, null, "家", "="],
      ["target", "地区生产总值", "change", 6, null, "%", "~"],
      ["target", "一般公共预算收入", "change", 5, null, "%", ">="],
      ["target", "新增上市企业", "level", 1, 2, "家", "range"],
      ["target", "老旧小区改造", "level", 30, null, "个", "="],
    ]);
    const gdp = out.facts[0];
    expect(gdp?.subject).toBe("全市");
    expect(gdp?.normalized).toEqual({ value: 200830000000, unit: "CNY" });
    expect(gdp?.period).toEqual({ from: 2024, to: 2024 });
    expect(out.facts[7]?.period).toEqual({ from: 2025, to: 2025 });
    for (const f of out.facts) expect(REPORT.slice(f.start, f.end)).toBe(f.quote);
  });

  it("lists tasks of the plan part with group, deadline and their facts", () => {
    expect(out.tasks.map((t) => [t.group, t.text, t.deadline])).toEqual([
      ["提升内外交通能级", "年底前建成中横线快速路一期", "2025-12-31"],
      ["提升内外交通能级", "6月底前完成老旧小区改造30个", "2025-06-30"],
      ["提升内外交通能级", "启动城西综合体建设", null],
    ]);
    expect(out.tasks[1]?.facts).toEqual(["f11"]);
  });

  it("makes decreases negative and keeps the unit as written", () => {
    const t = extractReport(
      doc("一、2024年工作回顾\n单位生产总值能耗下降3%，PM2.5平均浓度下降到29微克/立方米。"),
      src,
    );
    expect(t.facts.map((f) => [f.indicator, f.measure, f.value, f.unit])).toEqual([
      ["单位生产总值能耗", "change", -3, "%"],
      ["PM2.5平均浓度", "level", 29, "微克/立方米"],
    ]);
  });

  it("reads traditional script: quotes as written, indicators simplified", () => {
    const trad = "二、2025年主要預期目標\n地區生產總值增長6%左右。";
    const t = extractReport(doc(trad), src);
    expect(t.source.script).toBe("traditional");
    expect(t.facts[0]?.indicator).toBe("地区生产总值");
    expect(t.facts[0]?.quote).toBe("地區生產總值增長6%左右");
  });
});
