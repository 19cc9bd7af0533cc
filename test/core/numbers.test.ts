import { describe, expect, it } from "vitest";
import { parseChineseNumber, parseYear } from "../../src/core/numbers/chinese.js";
import { scanNumbers } from "../../src/core/numbers/scan.js";
import { normalize } from "../../src/core/numbers/units.js";

describe("parseChineseNumber", () => {
  it.each([
    ["两万三千", 23000],
    ["1.2万亿", 1.2e12],
    ["二〇二一", 2021],
    ["二00八", 2008],
    ["一百零五", 105],
    ["十二", 12],
    ["三点五", 3.5],
    ["两万三", 23000],
    ["一百五", 150],
    ["壹仟贰佰", 1200],
    ["八千万", 8e7],
    ["1亿2000万", 1.2e8],
    ["一千零一十", 1010],
  ])("%s → %d", (raw, value) => {
    expect(parseChineseNumber(raw)).toBe(value);
  });
  it("rejects malformed numerals", () => {
    expect(parseChineseNumber("十百")).toBeNull();
    expect(parseChineseNumber("三点")).toBeNull();
    expect(parseChineseNumber("")).toBeNull();
  });
  it("reads years only in a plausible range", () => {
    expect(parseYear("二O一二")).toBe(2012);
    expect(parseYear("1800")).toBeNull();
  });
});

function scan(text: string) {
  return scanNumbers(text).map((m) => ({
    text: text.slice(m.start, m.end),
    value: m.value,
    valueMax: m.valueMax,
    unit: m.unit,
    comparator: m.comparator,
    measure: m.measure,
  }));
}

describe("scanNumbers", () => {
  it.each([
    ["新增上市企业3家以上,", { value: 3, unit: "家", comparator: ">=" }],
    ["出栏20多万头。", { value: 20, unit: "万头", comparator: ">" }],
    ["惠及近百万群众", { value: 100, unit: "万", comparator: "~" }],
    ["服务两万三千人。", { value: 23000, unit: "人", comparator: "=" }],
    ["规模1.2万亿元,", { value: 1.2, unit: "万亿元", comparator: "=" }],
    ["占比百分之五。", { value: 5, unit: "%", comparator: "=" }],
    ["提高三成。", { value: 3, unit: "成", comparator: "=" }],
    ["增长6%左右;", { value: 6, unit: "%", comparator: "~" }],
    ["控制在3%以内。", { value: 3, unit: "%", comparator: "<=" }],
    ["不低于8%。", { value: 8, unit: "%", comparator: ">=" }],
    ["超过70%。", { value: 70, unit: "%", comparator: ">" }],
    ["不到5%。", { value: 5, unit: "%", comparator: "<" }],
    ["约300亿元。", { value: 300, unit: "亿元", comparator: "~" }],
    ["提高0.5个百分点。", { value: 0.5, unit: "个百分点", measure: "change" }],
    ["收入翻一番。", { value: 2, unit: "倍", measure: "multiple" }],
    ["是五年前的1.5倍。", { value: 1.5, unit: "倍", measure: "multiple" }],
    ["亩均税收82.9万元/亩。", { value: 82.9, unit: "万元/亩" }],
    ["居全国第一。", { value: 1, unit: "名", measure: "rank" }],
    ["进入全国前三。", { value: 3, unit: "名", comparator: "<=", measure: "rank" }],
    ["排名前移6位。", { value: 6, unit: "位", measure: "rank" }],
    ["居全省首位。", { value: 1, unit: "名", measure: "rank" }],
  ])("%s", (text, expected) => {
    const found = scan(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject(expected);
  });

  it.each([
    ["1至2家", 1, 2, "家"],
    ["4.5%—5%", 4.5, 5, "%"],
    ["5%-6%", 5, 6, "%"],
    ["10—15万元", 10, 15, "万元"],
    ["一到两个重大项目开工", 1, 2, "个"],
  ])("range %s", (text, value, valueMax, unit) => {
    expect(scan(text)[0]).toMatchObject({ value, valueMax, unit, comparator: "range" });
  });

  it("reads each figure of a list", () => {
    expect(scan("分别增长5.2%和7.5%").map((f) => f.value)).toEqual([5.2, 7.5]);
    expect(scan("分别增长6.6%、2%和4.4%").map((f) => f.value)).toEqual([6.6, 2, 4.4]);
  });

  it.each([
    "2020年是极不平凡的一年",
    "3月底前完成",
    "“十四五”规划",
    "做好“六稳”工作",
    "建设一批重点项目",
    "千家万户",
    "千方百计",
    "5G基站",
    "PM2.5",
    "第一批试点",
    "第十三届全国人民代表大会",
    "国发〔2021〕5号",
    "热线12345",
    "发布时间：2008-04-13 16:17",
    "严格落实中央八项规定",
    "15分钟便民生活圈",
    "2021-2025年",
    "abcd39f1fb7f426d9dfb6bd0fa1f2146",
    "一是着力扩内需",
    "详见 http://www.example.gov.cn/2021/0305.html 页面",
    "咨询电话0574-87654321",
    "邮编315000",
  ])("names, dates and codes are not figures: %s", (text) => {
    expect(scan(text)).toEqual([]);
  });
});

describe("normalize", () => {
  it("converts to base units", () => {
    expect(normalize(2008.3, "亿元")).toEqual({ value: 200830000000, unit: "CNY" });
    expect(normalize(27.7, "万亩")).toEqual({ value: 277000, unit: "mu" });
    expect(normalize(3, "万人")).toEqual({ value: 30000, unit: "persons" });
    expect(normalize(5, "%")).toBeNull();
  });
});
