import { inflateRawSync } from "node:zlib";
import { ErrorCode } from "../errors.js";
import { causeText, fail, formatBytes } from "./fail.js";

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; others are refused. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  /** As declared by the archive: an attacker chooses it. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

function corrupt(detail: string, detailZh: string, cause?: unknown): never {
  throw fail(
    ErrorCode.CorruptDocument,
    `The file is a ZIP archive (as DOCX files are) but it is damaged or truncated: ${detail}. Re-download or re-save it.`,
    `该文件是 ZIP 压缩格式（DOCX 即是此格式），但已损坏或不完整：${detailZh}。请重新下载或重新保存。`,
    cause === undefined ? { detail } : { detail, cause: causeText(cause) },
    cause,
  );
}

function findEocd(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 64 KB, at the very end.
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= min; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) return i;
  }
  return corrupt(
    "no end-of-archive record (the download was probably cut short)",
    "缺少压缩包结尾记录（可能下载不完整）",
  );
}

function u64(view: DataView, at: number): number {
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) corrupt("impossible 64-bit size", "64 位大小字段无效");
  return Number(value);
}

/** Reads the central directory, the archive's table of contents, without inflating anything. */
export function readCentralDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22) corrupt("too short to be a ZIP archive", "文件过短");
  const eocd = findEocd(view);
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  let recordsStart = eocd;
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIG) {
    const z64 = u64(view, eocd - 20 + 8);
    if (z64 + 56 > bytes.length || view.getUint32(z64, true) !== ZIP64_EOCD_SIG) {
      corrupt("bad ZIP64 record", "ZIP64 记录无效");
    }
    count = u64(view, z64 + 32);
    cdSize = u64(view, z64 + 40);
    cdOffset = u64(view, z64 + 48);
    recordsStart = z64;
  }
  // Data prepended to the archive (self-extractors) shifts every offset; jszip corrects for it the same way.
  const shift = recordsStart - (cdOffset + cdSize);
  if (shift < 0) corrupt("central directory points past the end of the file", "中央目录超出文件末尾");
  const entries: ZipEntry[] = [];
  let at = cdOffset + shift;
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIG) {
      corrupt("bad central directory entry", "中央目录条目无效");
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength > bytes.length) corrupt("bad central directory entry", "中央目录条目无效");
    const name = decoder.decode(bytes.subarray(at + 46, nameEnd));
    // ZIP64 extra field: the 64-bit values appear in this order, only for fields saturated at 0xFFFFFFFF.
    for (let x = nameEnd; x + 4 <= nameEnd + extraLength; ) {
      const id = view.getUint16(x, true);
      const size = view.getUint16(x + 2, true);
      if (id === 1) {
        let p = x + 4;
        if (uncompressedSize === 0xffffffff) {
          uncompressedSize = u64(view, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(view, p);
          p += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(view, p);
      }
      x += 4 + size;
    }
    entries.push({
      name,
      method,
      encrypted: (flags & 1) !== 0,
      compressedSize,
      uncompressedSize,
      localHeaderOffset: localHeaderOffset + shift,
    });
    at = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/** The entry's compressed bytes, located through its local header as jszip locates them. */
function compressedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIG) {
    corrupt(`bad local header for ${entry.name}`, `${entry.name} 的本地文件头无效`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) corrupt(`${entry.name} is cut short`, `${entry.name} 不完整`);
  return bytes.subarray(start, end);
}

export class TooLarge extends Error {}

/**
 * Inflates one entry, stopping as soon as the output passes `maxBytes`: the declared size is not trusted,
 * and a bomb never gets to allocate its full output.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array {
  if (entry.encrypted) {
    throw fail(
      ErrorCode.UnsupportedFormat,
      `The ZIP entry ${entry.name} is encrypted; duban cannot read password-protected archives.`,
      `ZIP 条目 ${entry.name} 已加密，duban 无法读取带密码的压缩包。`,
    );
  }
  const data = compressedData(bytes, entry);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw new TooLarge(entry.name);
    return data;
  }
  if (entry.method !== 8) {
    corrupt(
      `${entry.name} uses compression method ${entry.method}, which DOCX does not`,
      `${entry.name} 使用了 DOCX 不用的压缩方法 ${entry.method}`,
    );
  }
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    if ((err as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new TooLarge(entry.name);
    }
    return corrupt(`${entry.name} does not inflate`, `${entry.name} 无法解压`, err);
  }
}

export function archiveTooLarge(detail: string, detailZh: string, limit: number): never {
  throw fail(
    ErrorCode.ArchiveTooLarge,
    `The DOCX archive is refused: ${detail} (limit ${formatBytes(limit)} decompressed). This protects against zip bombs.`,
    `拒绝读取该 DOCX 压缩包：${detailZh}（解压上限 ${formatBytes(limit)}），以防范压缩炸弹。`,
    { limit },
  );
}
