import { describe, expect, it } from "vitest";
import { buildView, toOriginal } from "../../src/core/text/view.js";

describe("buildView", () => {
  it("folds full-width digits and ％ without moving offsets", () => {
    const original = "生产总值增长１３．４％";
    const view = buildView(original);
    expect(view.text).toBe("生产总值增长13.4%");
    const s = view.text.indexOf("13.4%");
    const span = toOriginal(view, s, s + 5);
    expect(original.slice(span.start, span.end)).toBe("１３．４％");
  });
  it("removes spaces inside Chinese words and maps quotes back over them", () => {
    const original = "政 府 工 作 报 告\r\n增长 5.2 %";
    const view = buildView(original);
    expect(view.text).toBe("政府工作报告\n增长5.2%");
    const s = view.text.indexOf("增长");
    const span = toOriginal(view, s, view.text.length);
    expect(original.slice(span.start, span.end)).toBe("增长 5.2 %");
  });
  it("treats literal \\r\\n escapes and CRLF as line breaks and collapses blank lines", () => {
    const view = buildView("第一段\\r\\n第二段\r\n\r\n\r\n第三段");
    expect(view.text).toBe("第一段\n第二段\n第三段");
  });
  it("keeps a space between ASCII words", () => {
    expect(buildView("GDP growth 5%").text).toBe("GDP growth 5%");
    expect(buildView("增长 5 %").text).toBe("增长5%");
  });
});
