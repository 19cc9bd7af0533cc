import { describe, expect, it } from "vitest";
import { deadlineText, findDeadline, parseDeadlineCell } from "../../src/core/extract/deadline.js";

describe("findDeadline", () => {
  it.each([
    ["年内建成投用", "2025-12-31"],
    ["年底前完成改造", "2025-12-31"],
    ["6月底前完成验收", "2025-06-30"],
    ["九月底前全面开工", "2025-09-30"],
    ["上半年启动建设", "2025-06-30"],
    ["一季度开工", "2025-03-31"],
    ["三季度投用", "2025-09-30"],
    ["到2027年基本建成", "2027-12-31"],
    ["2026年6月底前完成", "2026-06-30"],
    ["2月底前出台方案", "2025-02-28"],
  ])("%s → %s", (text, iso) => {
    expect(findDeadline(text, 2025)).toBe(iso);
  });
  it("gives none when the text states none", () => {
    expect(findDeadline("持续推进城市更新", 2025)).toBeNull();
  });
  it("needs a plan year for relative deadlines, not for explicit ones", () => {
    expect(findDeadline("年底前完成", null)).toBeNull();
    expect(findDeadline("到2030年建成", null)).toBe("2030-12-31");
  });
});

describe("parseDeadlineCell", () => {
  it.each([
    ["2026年6月底", "2026-06-30"],
    ["2026-06-30", "2026-06-30"],
    ["2026/6/30", "2026-06-30"],
    ["2026.6.15", "2026-06-15"],
    ["2026年6月", "2026-06-30"],
    ["2026年6月15日", "2026-06-15"],
    ["２０２６年６月底前", "2026-06-30"],
    ["6月底", "2025-06-30"],
    ["六月底前", "2025-06-30"],
    ["2月底", "2025-02-28"],
    ["年底", "2025-12-31"],
    ["2026年底", "2026-12-31"],
    ["2026年三季度", "2026-09-30"],
    ["上半年", "2025-06-30"],
    ["2026-06", "2026-06-30"],
  ])("%s → %s", (text, iso) => {
    expect(parseDeadlineCell(text, 2025)).toEqual({ ok: true, deadline: iso });
  });
  it.each(["", "  ", "长期坚持", "持续推进"])("%j means no deadline", (text) => {
    expect(parseDeadlineCell(text, 2025)).toEqual({ ok: true, deadline: null });
  });
  it.each(["尽快", "2026年13月", "2026-02-30", "6月底前完成验收", "明年"])("%j is not understood", (text) => {
    expect(parseDeadlineCell(text, 2025)).toEqual({ ok: false });
  });
  it("needs the plan year for a month without a year", () => {
    expect(parseDeadlineCell("6月底", null)).toEqual({ ok: false });
    expect(parseDeadlineCell("2026年6月底", null)).toEqual({ ok: true, deadline: "2026-06-30" });
  });
});

describe("deadlineText", () => {
  it("writes month ends as 月底 and other days in full, and reads back what it writes", () => {
    for (const [iso, text] of [
      ["2026-06-30", "2026年6月底"],
      ["2026-02-28", "2026年2月底"],
      ["2024-02-28", "2024年2月28日"],
      ["2026-06-15", "2026年6月15日"],
    ] as const) {
      expect(deadlineText(iso)).toBe(text);
      expect(parseDeadlineCell(text, null)).toEqual({ ok: true, deadline: iso });
    }
    expect(deadlineText(null)).toBe("");
  });
});
