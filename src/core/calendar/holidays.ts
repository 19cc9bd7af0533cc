/**
 * Public holidays (放假) and the weekends worked in exchange (调休上班) as the State Council announces them each
 * year in 国务院办公厅关于 YYYY 年部分节假日安排的通知. A day listed neither way follows the week: Monday to
 * Friday work, Saturday and Sunday rest.
 */
export interface HolidayYear {
  year: number;
  /** The notice this year's rows come from; null when no notice has been published yet. */
  source: string | null;
  /** Closed ranges of rest days, with the holiday's name. */
  holidays: ReadonlyArray<{ name: string; from: string; to: string }>;
  /** Weekend days that are working days (调休上班). */
  workdays: readonly string[];
}

export const HOLIDAY_YEARS: readonly HolidayYear[] = [
  {
    year: 2024,
    source: "国务院办公厅关于2024年部分节假日安排的通知（2023年10月25日）",
    holidays: [
      { name: "元旦", from: "2024-01-01", to: "2024-01-01" },
      { name: "春节", from: "2024-02-10", to: "2024-02-17" },
      { name: "清明节", from: "2024-04-04", to: "2024-04-06" },
      { name: "劳动节", from: "2024-05-01", to: "2024-05-05" },
      { name: "端午节", from: "2024-06-10", to: "2024-06-10" },
      { name: "中秋节", from: "2024-09-15", to: "2024-09-17" },
      { name: "国庆节", from: "2024-10-01", to: "2024-10-07" },
    ],
    workdays: [
      "2024-02-04",
      "2024-02-18",
      "2024-04-07",
      "2024-04-28",
      "2024-05-11",
      "2024-09-14",
      "2024-09-29",
      "2024-10-12",
    ],
  },
  {
    year: 2025,
    source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）",
    holidays: [
      { name: "元旦", from: "2025-01-01", to: "2025-01-01" },
      { name: "春节", from: "2025-01-28", to: "2025-02-04" },
      { name: "清明节", from: "2025-04-04", to: "2025-04-06" },
      { name: "劳动节", from: "2025-05-01", to: "2025-05-05" },
      { name: "端午节", from: "2025-05-31", to: "2025-06-02" },
      { name: "国庆节、中秋节", from: "2025-10-01", to: "2025-10-08" },
    ],
    workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
  },
  {
    year: 2026,
    source: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
    holidays: [
      { name: "元旦", from: "2026-01-01", to: "2026-01-03" },
      { name: "春节", from: "2026-02-15", to: "2026-02-23" },
      { name: "清明节", from: "2026-04-04", to: "2026-04-06" },
      { name: "劳动节", from: "2026-05-01", to: "2026-05-05" },
      { name: "端午节", from: "2026-06-19", to: "2026-06-21" },
      { name: "中秋节", from: "2026-09-25", to: "2026-09-27" },
      { name: "国庆节", from: "2026-10-01", to: "2026-10-07" },
    ],
    workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
  },
  {
    // NOT CONFIRMED: the 2027 notice is normally published in November 2026 and could not be found. Until then
    // only the statutory days of 全国年节及纪念日放假办法 (2024 revision) stand here, on their 2027 dates
    // (除夕 2月5日, 春节 2月6日, 清明 4月5日, 端午 6月9日, 中秋 9月15日); the bridging days and 调休 Saturdays
    // are unknown. Replace this entry from the notice, or import the notice (settings › 导入放假通知), which
    // writes its days as local overrides (calendar_days).
    year: 2027,
    source: null,
    holidays: [
      { name: "元旦", from: "2027-01-01", to: "2027-01-01" },
      { name: "春节", from: "2027-02-05", to: "2027-02-08" },
      { name: "清明节", from: "2027-04-05", to: "2027-04-05" },
      { name: "劳动节", from: "2027-05-01", to: "2027-05-02" },
      { name: "端午节", from: "2027-06-09", to: "2027-06-09" },
      { name: "中秋节", from: "2027-09-15", to: "2027-09-15" },
      { name: "国庆节", from: "2027-10-01", to: "2027-10-03" },
    ],
    workdays: [],
  },
];
