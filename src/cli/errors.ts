import { inspect } from "node:util";
import { DubanError, ErrorCode, isDubanError } from "../core/errors.js";
import { formatBytes } from "../core/read/fail.js";

/** What the user sees for one failure: a single line, plus the full error only at --debug. */
export function describeFailure(target: string | undefined, err: unknown, debug: boolean): string {
  const known = asDubanError(err);
  const prefix = target ? `duban: ${target}:` : "duban:";
  const message = known ? `${known.message} (${known.messageZh})` : "unexpected error (意外错误)";
  if (debug) return `${prefix} ${message}\n${inspect(err, { depth: 6 })}`;
  return known ? `${prefix} ${message}` : `${prefix} ${message}; run with --debug for details`;
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

/**
 * The reader's InputTooLarge error (src/core/read/index.ts), raised here before any byte is read: a file by its
 * size on disk, a stream (`sizeBytes` null) as soon as it passes the limit. Same wording either way.
 */
export function tooLarge(limitBytes: number, sizeBytes: number | null): DubanError {
  const limit = formatBytes(limitBytes);
  const size = sizeBytes === null ? null : formatBytes(sizeBytes);
  return new DubanError(
    ErrorCode.InputTooLarge,
    `The input is ${size ?? "larger than the limit"}${size ? `, more than the limit of ${limit}` : ` of ${limit}`}. Raise the limit with --max-size <MB> or the environment variable DUBAN_MAX_INPUT_MB.`,
    `输入大小${size ? `为 ${size}，` : ""}超过上限 ${limit}。可用 --max-size <MB> 参数或环境变量 DUBAN_MAX_INPUT_MB 提高上限。`,
    { ...(sizeBytes === null ? {} : { size: sizeBytes }), limit: limitBytes },
  );
}
