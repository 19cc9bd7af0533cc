import { describe, expect, it } from "vitest";
import { findDeadline } from "../../src/core/extract/deadline.js";

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
