import { DubanError, ErrorCode } from "../errors.js";
import { readDocx } from "./docx.js";
import { fail, formatBytes } from "./fail.js";
import { declaredCharset, readHtml } from "./html.js";
import { readPdf } from "./pdf.js";
import { looksLikeHtml, sniffContainer } from "./sniff.js";
import { decodeText, type TextEncoding, unicodeEncoding } from "./text.js";
import { DEFAULT_READ_LIMITS, type DecodedDocument, type ReadLimits } from "./types.js";

export { detectScript, toSimplified } from "./script.js";
export type { TextEncoding } from "./text.js";
export type { DecodedDocument, ReadLimits, SourceFormat } from "./types.js";
export { DEFAULT_READ_LIMITS } from "./types.js";

export interface ReadOptions {
  /** The file name as the user gave it: used in messages only, never to pick the format. */
  name?: string;
  limits?: Partial<ReadLimits>;
}

function resolveLimits(partial: Partial<ReadLimits> | undefined): ReadLimits {
  const limits = { ...DEFAULT_READ_LIMITS };
  for (const key of Object.keys(limits) as (keyof ReadLimits)[]) {
    const value = partial?.[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) {
      throw fail(
        ErrorCode.InvalidArgument,
        `Read limit ${key} must be a positive number, not ${value}.`,
        `读取限制 ${key} 必须是正数，而不是 ${value}。`,
        { field: key },
      );
    }
    limits[key] = value;
  }
  return limits;
}

function emptyInput(what: string, whatZh: string): DubanError {
  return fail(
    ErrorCode.EmptyInput,
    `The ${what} is empty: there is no text to read.`,
    `${whatZh}为空，没有可读取的文字。`,
  );
}

async function readText(bytes: Uint8Array, name: string | undefined): Promise<DecodedDocument> {
  const unicode = unicodeEncoding(bytes);
  let html = false;
  let declared: TextEncoding | undefined;
  const warnings: string[] = [];
  if (!unicode) {
    // Tags are ASCII in every encoding read here except UTF-16, so a Latin-1 view of the head finds them.
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 32768));
    html = looksLikeHtml(head);
    const charset = html ? declaredCharset(head) : null;
    if (charset && "encoding" in charset) {
      declared = charset.encoding;
    } else if (charset) {
      warnings.push(
        `page declares charset "${charset.unsupported}", which duban does not read; detected it instead`,
      );
    }
  }
  const decoded = decodeText(bytes, { declared, unicode, name });
  decoded.warnings.unshift(...warnings);
  if (decoded.text.trim() === "") throw emptyInput("file", "文件");
  if (unicode) html = looksLikeHtml(decoded.text);
  if (!html) {
    return { text: decoded.text, format: "txt", encoding: decoded.encoding, warnings: decoded.warnings };
  }
  return readHtml(decoded.text, decoded.encoding, decoded.warnings);
}

async function read(bytes: Uint8Array, opts: ReadOptions): Promise<DecodedDocument> {
  const limits = resolveLimits(opts.limits);
  if (bytes.length > limits.maxInputBytes) {
    throw fail(
      ErrorCode.InputTooLarge,
      `The input is ${formatBytes(bytes.length)}, more than the limit of ${formatBytes(limits.maxInputBytes)}. Raise the limit with --max-size <MB> or the environment variable DUBAN_MAX_INPUT_MB.`,
      `输入大小为 ${formatBytes(bytes.length)}，超过上限 ${formatBytes(limits.maxInputBytes)}。可用 --max-size <MB> 参数或环境变量 DUBAN_MAX_INPUT_MB 提高上限。`,
      { size: bytes.length, limit: limits.maxInputBytes },
    );
  }
  if (bytes.length === 0) throw emptyInput("file", "文件");
  const doc = await readContainer(bytes, limits, opts.name);
  if (doc.text.trim() === "") {
    throw doc.format === "html" ? emptyInput("web page", "网页") : emptyInput("document", "文档");
  }
  return doc;
}

function readContainer(
  bytes: Uint8Array,
  limits: ReadLimits,
  name: string | undefined,
): Promise<DecodedDocument> {
  switch (sniffContainer(bytes, name)) {
    case "pdf":
      return readPdf(bytes);
    case "zip":
      return readDocx(bytes, limits);
    case "text":
      return readText(bytes, name);
  }
}

/**
 * Bytes in, decoded text out. The format is decided by content, never by the file name: PDF, DOCX, HTML
 * or plain text (UTF-8, UTF-16, GB18030/GBK, Big5). Every refusal is a DubanError naming `opts.name`.
 */
export async function readDocument(bytes: Uint8Array, opts: ReadOptions = {}): Promise<DecodedDocument> {
  try {
    return await read(bytes, opts);
  } catch (err) {
    if (err instanceof DubanError) throw opts.name ? err.withTarget(opts.name) : err;
    throw fail(
      ErrorCode.Internal,
      `Reading failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`,
      `读取时发生意外错误：${err instanceof Error ? err.message : String(err)}`,
      opts.name ? { target: opts.name } : {},
      err,
    );
  }
}
