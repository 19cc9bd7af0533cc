import { inspect } from "node:util";
import { DubanError, ErrorCode, isDubanError } from "../core/errors.js";
import { formatMb } from "./config.js";

/** What the user sees for one failure: a single line, plus the full error only at --debug. */
export function describeFailure(target: string | undefined, err: unknown, debug: boolean): string {
  const known = asDubanError(err);
  const prefix = target ? `duban: ${target}:` : "duban:";
  if (debug) {
    const line = known
      ? `${prefix} ${known.message} (${known.messageZh})`
      : `${prefix} unexpected error (意外错误)`;
    return `${line}\n${inspect(err, { depth: 6 })}`;
  }
  return known
    ? `${prefix} ${known.message} (${known.messageZh})`
    : `${prefix} unexpected error (意外错误); run with --debug for details`;
}

/** DubanErrors pass through; file-system errors a user can cause become DubanErrors; anything else is a bug. */
export function asDubanError(err: unknown): DubanError | null {
  if (isDubanError(err)) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return notFound();
    case "EACCES":
    case "EPERM":
      return new DubanError(ErrorCode.InvalidArgument, "permission denied", "没有读取权限", {}, err);
    case "EISDIR":
      return new DubanError(ErrorCode.InvalidArgument, "is a directory", "这是一个目录", {}, err);
    case "ELOOP":
      return new DubanError(
        ErrorCode.InvalidArgument,
        "too many symbolic links",
        "符号链接层数过多",
        {},
        err,
      );
    case "EIO":
      return new DubanError(ErrorCode.InvalidArgument, "input/output error", "读写错误", {}, err);
    default:
      return null;
  }
}

export function notFound(): DubanError {
  return new DubanError(ErrorCode.NotFound, "no such file or directory", "文件或目录不存在");
}

export function tooLarge(limitBytes: number, sizeBytes: number | null): DubanError {
  const limit = formatMb(limitBytes);
  const [en, zh] =
    sizeBytes === null
      ? [`input exceeds the ${limit} limit`, `输入超过 ${limit} 的上限`]
      : [
          `input is ${formatMb(sizeBytes)}, over the ${limit} limit`,
          `输入大小为 ${formatMb(sizeBytes)}，超过 ${limit} 的上限`,
        ];
  return new DubanError(
    ErrorCode.InputTooLarge,
    `${en}; raise it with --max-size or DUBAN_MAX_INPUT_MB`,
    `${zh}，可用 --max-size 或 DUBAN_MAX_INPUT_MB 调整`,
    { limitBytes, ...(sizeBytes === null ? {} : { sizeBytes }) },
  );
}
