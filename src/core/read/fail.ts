import { DubanError, type ErrorCode, type ErrorDetails } from "../errors.js";

/** Human-sized byte count for messages ("64 MB", "812 KB"). */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) {
    const mb = n / (1024 * 1024);
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export function fail(
  code: ErrorCode,
  message: string,
  messageZh: string,
  details: ErrorDetails = {},
  cause?: unknown,
): DubanError {
  return new DubanError(code, message, messageZh, details, cause);
}

/** The library's own message, for details: third-party errors are not shown verbatim to users. */
export function causeText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
