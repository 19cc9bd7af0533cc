import { DubanError, ErrorCode } from "../../core/errors.js";

/** The file given to restore (or the database given to back up) is not a duban ledger: refused, exit 1. */
export function notADubanBackup(file: string, why: string, whyZh = "不是 duban 备份文件"): DubanError {
  return new DubanError(ErrorCode.UnsupportedFormat, `not a duban backup: ${why}`, whyZh, { target: file });
}

/** A backup of the other database kind: refused with the way to restore it. */
export function wrongKind(file: string, message: string, messageZh: string): DubanError {
  return new DubanError(ErrorCode.UnsupportedFormat, message, messageZh, { target: file });
}
