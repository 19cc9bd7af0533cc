/**
 * The one error class of duban. Every failure a user can cause carries a stable code, a message in Chinese
 * and English, and (where it applies) the file, row or field it concerns. Layers above map the code to an
 * exit status (CLI) or an HTTP status (server); nothing else needs to know the cause.
 */
export const ErrorCode = {
  EmptyInput: "EMPTY_INPUT",
  InputTooLarge: "INPUT_TOO_LARGE",
  UnsupportedFormat: "UNSUPPORTED_FORMAT",
  BinaryInput: "BINARY_INPUT",
  UndecodableText: "UNDECODABLE_TEXT",
  CorruptDocument: "CORRUPT_DOCUMENT",
  ArchiveTooLarge: "ARCHIVE_TOO_LARGE",
  EncryptedPdf: "ENCRYPTED_PDF",
  NoTextLayer: "NO_TEXT_LAYER",
  NotFound: "NOT_FOUND",
  InvalidArgument: "INVALID_ARGUMENT",
  Unauthorized: "UNAUTHORIZED",
  Forbidden: "FORBIDDEN",
  Conflict: "CONFLICT",
  RateLimited: "RATE_LIMITED",
  AccountLocked: "ACCOUNT_LOCKED",
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  Internal: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Record<ErrorCode, number> = {
  EMPTY_INPUT: 422,
  INPUT_TOO_LARGE: 413,
  UNSUPPORTED_FORMAT: 415,
  BINARY_INPUT: 415,
  UNDECODABLE_TEXT: 422,
  CORRUPT_DOCUMENT: 422,
  ARCHIVE_TOO_LARGE: 413,
  ENCRYPTED_PDF: 422,
  NO_TEXT_LAYER: 422,
  NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  ACCOUNT_LOCKED: 423,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
};

export interface ErrorDetails {
  /** File, row or field the error concerns, as the user named it. */
  target?: string;
  [key: string]: unknown;
}

export class DubanError extends Error {
  readonly code: ErrorCode;
  /** Message for a Chinese-speaking user; `message` holds the English one. */
  readonly messageZh: string;
  readonly details: ErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    messageZh: string,
    details: ErrorDetails = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "DubanError";
    this.code = code;
    this.messageZh = messageZh;
    this.details = details;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  /** Same error, naming the file or field it concerns. */
  withTarget(target: string): DubanError {
    return new DubanError(this.code, this.message, this.messageZh, { ...this.details, target }, this.cause);
  }
}

export function isDubanError(err: unknown): err is DubanError {
  return err instanceof DubanError;
}

/** What the ledger's things are called in Chinese messages; an unknown name is shown as given. */
const ENTITY_ZH: Record<string, string> = {
  report: "报告",
  fact: "数据",
  task: "任务",
  indicator: "指标",
  synonym: "同义词",
  region: "地区",
  department: "部门",
  assignment: "交办事项",
  milestone: "节点",
  progress: "进展",
  evidence: "佐证材料",
  extension: "延期申请",
  user: "用户",
  "API token": "API 令牌",
};

const zh = (what: string) => ENTITY_ZH[what] ?? what;

/** Shorthands for the errors every layer raises. */
export const errors = {
  notFound: (what: string, id: string) =>
    new DubanError(ErrorCode.NotFound, `${what} ${id} not found`, `未找到${zh(what)}：${id}`, { target: id }),
  conflict: (what: string, id: string) =>
    new DubanError(
      ErrorCode.Conflict,
      `${what} ${id} was changed by someone else; reload and try again`,
      `${zh(what)}已被他人修改，请刷新后重试`,
      { target: id },
    ),
  forbidden: (why = "not allowed for your role") =>
    new DubanError(ErrorCode.Forbidden, `forbidden: ${why}`, "无权执行此操作"),
  unauthorized: () => new DubanError(ErrorCode.Unauthorized, "sign in first", "请先登录"),
  invalid: (field: string, message: string, messageZh: string) =>
    new DubanError(ErrorCode.InvalidArgument, `${field}: ${message}`, `${field}：${messageZh}`, {
      target: field,
    }),
};
