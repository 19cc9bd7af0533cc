import OpenCC from "opencc-js";
import { describe, expect, it } from "vitest";
import { HOLIDAY_YEARS } from "../../src/core/calendar/index.js";
import { parseHolidayNotice } from "../../src/core/calendar/notice.js";
import { planNotice } from "../../src/core/calendar/noticePlan.js";
import { DubanError } from "../../src/core/errors.js";

/**
 * Notices written here in the official layout from the facts in holidays.ts (not copied from the web): the
 * parse must give back exactly the table's entries.
 */
const CLOSING = [
  "　　节假日期间，各地区、各部门要妥善安排好值班和安全保卫等工作，遇有重大突发事件要按规定及时报告并妥善处置，确保人民群众平安度过节日假期。",
  "国务院办公厅",
];

const NOTICE_2024 = [
  "国务院办公厅关于2024年部分节假日安排的通知",
  "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
  "　　经国务院批准，现将2024年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。",
  "　　一、元旦：1月1日放假，与周末连休。",
  "　　二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。",
  "　　三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。",
  "　　四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。",
  "　　五、端午节：6月10日放假，与周末连休。",
  "　　六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。",
  "　　七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。",
  ...CLOSING,
  "2023年10月25日",
].join("\n");

const NOTICE_2025 = [
  "国务院办公厅关于2025年部分节假日安排的通知",
  "国办发明电〔2024〕12号",
  "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
  "　　经国务院批准，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。",
  "　　一、元旦：1月1日（周三）放假1天，不调休。",
  "　　二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。",
  "　　三、清明节：4月4日（周五）至6日（周日）放假，共3天。",
  "　　四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。",
  "　　五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。",
  "　　六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。",
  ...CLOSING,
  "2024年11月12日",
].join("\n");

const NOTICE_2026 = [
  "国务院办公厅关于2026年部分节假日安排的通知",
  "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
  "　　经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。",
  "　　一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。",
  "　　二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。",
  "　　三、清明节：4月4日（周六）至6日（周一）放假，共3天。",
  "　　四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。",
  "　　五、端午节：6月19日（周五）至21日（周日）放假，共3天。",
  "　　六、中秋节：9月25日（周五）至27日（周日）放假，共3天。",
  "　　七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。",
  ...CLOSING,
  "2025年11月4日",
].join("\n");

/** The older wording: 补休 after a Sunday holiday, 与周末连休, 星期. */
const NOTICE_2017 = [
  "国务院办公厅关于2017年部分节假日安排的通知",
  "一、元旦：1月1日放假，1月2日（星期一）补休。",
  "二、春节：1月27日至2月2日放假调休，共7天。1月22日（星期日）、2月4日（星期六）上班。",
  "三、清明节：4月2日至4日放假调休，共3天。4月1日（星期六）上班。",
  "四、劳动节：5月1日放假，与周末连休。",
  "五、端午节：5月28日至30日放假调休，共3天。5月27日（星期六）上班。",
  "六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月30日（星期六）上班。",
].join("\n");

const table = (year: number) => {
  const y = HOLIDAY_YEARS.find((h) => h.year === year);
  if (!y) throw new Error(`no ${year} in HOLIDAY_YEARS`);
  return { year: y.year, source: y.source, holidays: y.holidays, workdays: y.workdays };
};

function errorOf(fn: () => unknown): DubanError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DubanError);
    return e as DubanError;
  }
  throw new Error("expected the parse to fail");
}

describe("parseHolidayNotice", () => {
  it.each([
    [2024, NOTICE_2024],
    [2025, NOTICE_2025],
    [2026, NOTICE_2026],
  ])("reads the %i notice into exactly the table's entry", (year, text) => {
    expect(parseHolidayNotice(text)).toEqual(table(year));
  });

  it("reads the older wording: 补休 is a holiday, 与周末连休 adds nothing", () => {
    expect(parseHolidayNotice(NOTICE_2017)).toEqual({
      year: 2017,
      source: "国务院办公厅关于2017年部分节假日安排的通知",
      holidays: [
        { name: "元旦", from: "2017-01-01", to: "2017-01-02" },
        { name: "春节", from: "2017-01-27", to: "2017-02-02" },
        { name: "清明节", from: "2017-04-02", to: "2017-04-04" },
        { name: "劳动节", from: "2017-05-01", to: "2017-05-01" },
        { name: "端午节", from: "2017-05-28", to: "2017-05-30" },
        { name: "中秋节、国庆节", from: "2017-10-01", to: "2017-10-08" },
      ],
      workdays: ["2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30"],
    });
  });

  it("reads ranges across months and years, with the year written on the dates", () => {
    const text = [
      "国务院办公厅关于2023年部分节假日安排的通知",
      "一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。",
      "六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。",
    ].join("\n");
    expect(parseHolidayNotice(text)).toMatchObject({
      year: 2023,
      holidays: [
        { name: "元旦", from: "2022-12-31", to: "2023-01-02" },
        { name: "中秋节、国庆节", from: "2023-09-29", to: "2023-10-06" },
      ],
      workdays: ["2023-10-07", "2023-10-08"],
    });
  });

  it("reads a web page copy: half-width punctuation, 1. numbering, items broken over lines, page furniture", () => {
    const text = [
      "首页 > 政策 > 最新",
      "国务院办公厅关于2026年部分节假日安排的通知",
      "【字体：大 中 小】 打印本页",
      "1. 元旦:",
      "1月1日(周四)至3日(周六)放假调休,共3天.",
      "1月4日(周日)上班.",
      "2. 春节: 2月15日(农历腊月二十八,周日)至 23日(农历正月初七,周一)放假调休, 共9天。",
      "2月14日(周六)、2月28日(周六)上班。",
      "3.清明节：4月4日（周六）—6日（周一）放假，共3天。",
      "关闭窗口",
    ].join("\r\n");
    const parsed = parseHolidayNotice(text);
    expect(parsed.holidays).toEqual([
      { name: "元旦", from: "2026-01-01", to: "2026-01-03" },
      { name: "春节", from: "2026-02-15", to: "2026-02-23" },
      { name: "清明节", from: "2026-04-04", to: "2026-04-06" },
    ]);
    expect(parsed.workdays).toEqual(["2026-01-04", "2026-02-14", "2026-02-28"]);
  });

  it("reads the notice in traditional characters (Taiwan and Hong Kong forms)", () => {
    for (const to of ["tw", "hk"] as const) {
      const traditional = OpenCC.Converter({ from: "cn", to })(NOTICE_2025);
      expect(traditional).not.toBe(NOTICE_2025);
      expect(traditional).toContain("週");
      expect(parseHolidayNotice(traditional)).toEqual(table(2025));
    }
  });

  it("takes the year given when the text has no title, and refuses one the title contradicts", () => {
    const items = NOTICE_2026.split("\n").filter((l) => /^　　[一二三四五六七]、/.test(l));
    expect(parseHolidayNotice(items.join("\n"), { year: 2026 })).toEqual({
      ...table(2026),
      source: "国务院办公厅关于2026年部分节假日安排的通知",
    });
    expect(errorOf(() => parseHolidayNotice(NOTICE_2026, { year: 2027 })).messageZh).toContain(
      "通知是2026年的，不是2027年",
    );
  });

  it("names the line when the year is missing", () => {
    const text = [
      "各省、自治区、直辖市人民政府：",
      "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。",
    ].join("\n");
    const e = errorOf(() => parseHolidayNotice(text));
    expect(e.code).toBe("INVALID_ARGUMENT");
    expect(e.messageZh).toMatch(/^第2行：.*未注明年份/);
    expect(e.details.line).toBe(2);
  });

  it("names the item and line when 共N天 does not match the range", () => {
    const bad = NOTICE_2024.replace("2月10日至17日放假调休，共8天", "2月10日至17日放假调休，共9天");
    const e = errorOf(() => parseHolidayNotice(bad));
    expect(e.messageZh).toContain("第5行");
    expect(e.messageZh).toContain("“春节”写明共9天，但所列放假日期是8天");
    expect(e.details.line).toBe(5);
  });

  it("names the line it cannot read", () => {
    const bad = NOTICE_2024.replace(
      "4月28日（星期日）、5月11日（星期六）上班",
      "4月28日（星期日）、五月十一日上班",
    );
    const e = errorOf(() => parseHolidayNotice(bad));
    expect(e.messageZh).toMatch(/^第7行：无法识别“4月28日\(星期日\)、五月十一日上班”/);
    expect(errorOf(() => parseHolidayNotice("一、春节：过年放假\n", { year: 2026 })).messageZh).toMatch(
      /^第1行：“春节”未找到放假日期/,
    );
  });

  it("refuses text that is not a notice", () => {
    const e = errorOf(() => parseHolidayNotice("Lorem ipsum\n今天天气很好。\n"));
    expect(e.messageZh).toContain("未找到“一、元旦：1月1日放假……”这样的编号条目");
  });

  it("checks the dates: weekdays in brackets, 上班 only at weekends, real days", () => {
    // The 2026 notice read as 2027 (its title dropped): 1 January 2027 is a Friday, not a Thursday.
    const items = NOTICE_2026.split("\n").filter((l) => /^　　[一二三四五六七]、/.test(l));
    expect(errorOf(() => parseHolidayNotice(items.join("\n"), { year: 2027 })).messageZh).toMatch(
      /^第1行：2027年1月1日是星期五，不是周四/,
    );
    const weekday = NOTICE_2024.replace("9月14日（星期六）上班", "9月13日上班");
    expect(errorOf(() => parseHolidayNotice(weekday)).messageZh).toMatch(
      /^第9行：9月13日是星期五，调休上班日应是周六或周日/,
    );
    const nosuch = NOTICE_2024.replace("6月10日放假", "6月31日放假");
    expect(errorOf(() => parseHolidayNotice(nosuch)).messageZh).toMatch(/^第8行：日期“6月31日”不存在/);
  });
});

describe("planNotice", () => {
  it("changes nothing for a year the built-in table already has", () => {
    expect(planNotice(parseHolidayNotice(NOTICE_2026), [])).toEqual({ changes: [], kept: [] });
  });

  it("removes overrides the notice contradicts and keeps local holidays it does not name", () => {
    const plan = planNotice(parseHolidayNotice(NOTICE_2026), [
      { day: "2026-02-16", kind: "workday", name: null }, // 春节: contradicted
      { day: "2026-03-07", kind: "workday", name: null }, // a Saturday the notice does not list
      { day: "2026-04-02", kind: "holiday", name: "三月三" }, // a local festival
    ]);
    expect(plan.changes).toEqual([
      { day: "2026-02-16", before: { kind: "workday", name: null }, after: null },
      { day: "2026-03-07", before: { kind: "workday", name: null }, after: null },
    ]);
    expect(plan.kept).toEqual([{ day: "2026-04-02", kind: "holiday", name: "三月三" }]);
  });
});
