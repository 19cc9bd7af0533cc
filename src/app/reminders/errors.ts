import { DubanError, ErrorCode } from "../../core/errors.js";

const ZH = {
  notification: "消息",
  channel: "通知渠道",
  template: "消息模板",
  reminder: "提醒",
} as const;

/** Not found, worded for the things of this area (core/errors.ts names only the ledger's own). */
export function notFound(what: keyof typeof ZH, id: string): DubanError {
  return new DubanError(ErrorCode.NotFound, `${what} ${id} not found`, `未找到${ZH[what]}：${id}`, {
    target: id,
  });
}

export function stale(what: keyof typeof ZH, id: string): DubanError {
  return new DubanError(
    ErrorCode.Conflict,
    `${what} ${id} was changed by someone else; reload and try again`,
    `${ZH[what]}已被他人修改，请刷新后重试`,
    { target: id },
  );
}
