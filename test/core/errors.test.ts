import { describe, expect, it } from "vitest";
import { DubanError, errors } from "../../src/core/errors.js";

describe("errors", () => {
  it("names the thing in Chinese in the Chinese message", () => {
    const e = errors.conflict("report", "r1");
    expect(e).toBeInstanceOf(DubanError);
    expect(e.httpStatus).toBe(409);
    expect(e.messageZh).toBe("报告已被他人修改，请刷新后重试");
    expect(errors.notFound("department", "d1").messageZh).toBe("未找到部门：d1");
    expect(errors.notFound("widget", "w1").messageZh).toBe("未找到widget：w1");
  });
  it("maps codes to HTTP statuses and keeps the target", () => {
    expect(errors.unauthorized().httpStatus).toBe(401);
    expect(errors.forbidden().httpStatus).toBe(403);
    expect(errors.invalid("deadline", "not a date", "不是日期").details.target).toBe("deadline");
  });
});
