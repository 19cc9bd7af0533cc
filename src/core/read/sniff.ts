import { ErrorCode } from "../errors.js";
import { fail } from "./fail.js";

/** What the first bytes say the input is. Text encodings and HTML are decided later, on the text. */
export type Container = "pdf" | "zip" | "text";

interface Signature {
  /** Bytes at `offset`; `null` matches any byte. */
  magic: readonly (number | null)[];
  offset?: number;
  what: string;
  whatZh: string;
  /** Documents we could read after a conversion get advice and UnsupportedFormat; other files are just not reports. */
  advice?: { en: string; zh: string };
  /** Extra test for signatures too short to trust on their own. */
  confirm?: (b: Uint8Array) => boolean;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

const SAVE_AS_DOCX = {
  en: "open it in Word or WPS and save it as .docx (or export it as PDF), then read that file",
  zh: "请用 Word 或 WPS 打开并另存为 .docx（或导出为 PDF）后再读取",
};

const SIGNATURES: readonly Signature[] = [
  { magic: [0x89, ...ascii("PNG\r\n"), 0x1a, 0x0a], what: "a PNG image", whatZh: "PNG 图片" },
  { magic: [0xff, 0xd8, 0xff], what: "a JPEG image", whatZh: "JPEG 图片" },
  { magic: ascii("GIF8"), what: "a GIF image", whatZh: "GIF 图片" },
  {
    magic: ascii("BM"),
    what: "a BMP image",
    whatZh: "BMP 图片",
    // "BM" alone could start a text line; the header's reserved field is four zero bytes.
    confirm: (b) => b.length >= 14 && b[6] === 0 && b[7] === 0 && b[8] === 0 && b[9] === 0,
  },
  { magic: [...ascii("II*"), 0], what: "a TIFF image", whatZh: "TIFF 图片" },
  { magic: [...ascii("MM"), 0, 0x2a], what: "a TIFF image", whatZh: "TIFF 图片" },
  { magic: ascii("WEBP"), offset: 8, what: "a WebP image", whatZh: "WebP 图片" },
  { magic: ascii("RIFF"), what: "a RIFF audio/video file", whatZh: "RIFF 音视频文件" },
  { magic: ascii("ftyp"), offset: 4, what: "an MP4/HEIC media file", whatZh: "MP4/HEIC 媒体文件" },
  { magic: [0x1a, 0x45, 0xdf, 0xa3], what: "a Matroska/WebM video", whatZh: "MKV/WebM 视频" },
  { magic: ascii("ID3"), what: "an MP3 audio file", whatZh: "MP3 音频" },
  { magic: ascii("OggS"), what: "an Ogg media file", whatZh: "Ogg 媒体文件" },
  { magic: ascii("fLaC"), what: "a FLAC audio file", whatZh: "FLAC 音频" },
  { magic: ascii("8BPS"), what: "a Photoshop image", whatZh: "Photoshop 图片" },
  { magic: [0x7f, ...ascii("ELF")], what: "an executable program (ELF)", whatZh: "可执行程序（ELF）" },
  {
    magic: ascii("MZ"),
    what: "a Windows executable",
    whatZh: "Windows 可执行程序",
    confirm: (b) => b.length >= 64 && b.subarray(2, 64).includes(0),
  },
  { magic: [0xcf, 0xfa, 0xed, 0xfe], what: "an executable program (Mach-O)", whatZh: "可执行程序（Mach-O）" },
  { magic: [0xfe, 0xed, 0xfa, 0xcf], what: "an executable program (Mach-O)", whatZh: "可执行程序（Mach-O）" },
  {
    magic: [0xca, 0xfe, 0xba, 0xbe],
    what: "a Java class or Mach-O binary",
    whatZh: "Java/Mach-O 二进制文件",
  },
  { magic: [0, ...ascii("asm")], what: "a WebAssembly module", whatZh: "WebAssembly 模块" },
  { magic: [...ascii("SQLite format 3"), 0], what: "an SQLite database", whatZh: "SQLite 数据库" },
  {
    magic: [0x1f, 0x8b],
    what: "a gzip archive",
    whatZh: "gzip 压缩包",
    advice: { en: "decompress it and read the report inside", zh: "请解压后读取其中的报告" },
  },
  {
    magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    what: "a 7-Zip archive",
    whatZh: "7z 压缩包",
    advice: { en: "unpack it and read the report inside", zh: "请解压后读取其中的报告" },
  },
  {
    magic: [...ascii("Rar!"), 0x1a, 0x07],
    what: "a RAR archive",
    whatZh: "RAR 压缩包",
    advice: { en: "unpack it and read the report inside", zh: "请解压后读取其中的报告" },
  },
  {
    magic: [0xfd, ...ascii("7zXZ"), 0],
    what: "an xz archive",
    whatZh: "xz 压缩包",
    advice: { en: "decompress it and read the report inside", zh: "请解压后读取其中的报告" },
  },
  {
    magic: [...ascii("BZh")],
    what: "a bzip2 archive",
    whatZh: "bzip2 压缩包",
    advice: { en: "decompress it and read the report inside", zh: "请解压后读取其中的报告" },
    confirm: (b) => b.length >= 10 && b[4] === 0x31 && b[5] === 0x41 && b[6] === 0x59 && b[7] === 0x26,
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: "an old Microsoft Office / WPS file (.doc, .xls, .ppt or .wps — OLE2 format; password-protected .docx files look the same)",
    whatZh: "旧版 Office/WPS 文件（.doc、.xls、.ppt 或 .wps，OLE2 格式；加密的 .docx 也是这种格式）",
    advice: SAVE_AS_DOCX,
  },
  { magic: ascii("{\\rtf"), what: "an RTF document", whatZh: "RTF 文档", advice: SAVE_AS_DOCX },
];

function matches(bytes: Uint8Array, sig: Signature): boolean {
  const offset = sig.offset ?? 0;
  if (bytes.length < offset + sig.magic.length) return false;
  for (let i = 0; i < sig.magic.length; i++) {
    const want = sig.magic[i];
    if (want !== null && bytes[offset + i] !== want) return false;
  }
  return sig.confirm ? sig.confirm(bytes) : true;
}

const PDF_MAGIC = ascii("%PDF-");

/** Acrobat accepts `%PDF-` anywhere in the first KB (some generators prepend junk), so do we. */
function findPdfMagic(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 1024) - PDF_MAGIC.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (bytes[i + j] !== PDF_MAGIC[j]) continue outer;
    return true;
  }
  return false;
}

function isZip(bytes: Uint8Array): boolean {
  // Local file header, empty archive, or spanned-archive marker.
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) ||
      (bytes[2] === 5 && bytes[3] === 6) ||
      (bytes[2] === 7 && bytes[3] === 8))
  );
}

function extensionNote(name: string | undefined): { en: string; zh: string } {
  const ext = name?.match(/\.([A-Za-z0-9]{1,8})$/)?.[1];
  return ext ? { en: ` (despite its ".${ext}" name)`, zh: `（尽管文件名是 .${ext}）` } : { en: "", zh: "" };
}

/**
 * Decides the container by content. Known non-report formats are refused here, with a message naming what
 * the file looks like, because "could not decode text" would send the user looking in the wrong place.
 */
export function sniffContainer(bytes: Uint8Array, name?: string): Container {
  if (findPdfMagic(bytes)) return "pdf";
  if (isZip(bytes)) return "zip";
  const sig = SIGNATURES.find((s) => matches(bytes, s));
  if (!sig) return "text";
  const note = extensionNote(name);
  if (sig.advice) {
    throw fail(
      ErrorCode.UnsupportedFormat,
      `The file looks like ${sig.what}, which duban cannot read${note.en}: ${sig.advice.en}.`,
      `该文件看起来是${sig.whatZh}${note.zh}，duban 无法读取：${sig.advice.zh}。`,
      { looksLike: sig.what },
    );
  }
  throw fail(
    ErrorCode.BinaryInput,
    `The file looks like ${sig.what}, not a report${note.en}. duban reads PDF, DOCX, HTML and plain-text reports.`,
    `该文件看起来是${sig.whatZh}${note.zh}，不是报告。duban 可读取 PDF、DOCX、HTML 和纯文本格式的报告。`,
    { looksLike: sig.what },
  );
}

function countControlBytes(bytes: Uint8Array): number {
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1a && b !== 0x1b) bad++;
  }
  return bad;
}

const CONTROL_HEAD = 128 * 1024;
const CONTROL_TAIL = 64 * 1024;

/**
 * Share of bytes that never occur in text (C0 controls other than tab, newlines, form feed, ESC and the DOS
 * end-of-file mark). Only meaningful for ASCII-compatible encodings: UTF-8, GB18030 and Big5 never produce
 * these bytes inside multi-byte characters. Large inputs are judged by their head and tail: binary formats
 * show themselves there, and scanning every byte would double the cost of reading a large text file.
 */
export function controlByteShare(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  if (bytes.length <= CONTROL_HEAD + CONTROL_TAIL) return countControlBytes(bytes) / bytes.length;
  const bad =
    countControlBytes(bytes.subarray(0, CONTROL_HEAD)) +
    countControlBytes(bytes.subarray(bytes.length - CONTROL_TAIL));
  return bad / (CONTROL_HEAD + CONTROL_TAIL);
}

/** More than this share of control bytes (or any NUL run) means the file is not text. */
export const MAX_CONTROL_SHARE = 0.01;

export function refuseBinary(share: number, name?: string): never {
  const note = extensionNote(name);
  throw fail(
    ErrorCode.BinaryInput,
    `The file looks like binary data (${(share * 100).toFixed(1)}% control bytes), not a text report${note.en}.`,
    `该文件看起来是二进制数据${note.zh}（控制字符占 ${(share * 100).toFixed(1)}%），不是文本报告。`,
    { controlShare: share },
  );
}

const HTML_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const HTML_TAG =
  /<\/?(?:p|div|span|br|a|table|tbody|tr|td|th|ul|ol|li|h[1-6]|strong|b|i|em|u|font|img|meta|link|script|style|title|section|article|center|hr|pre|sup|sub)\b[^<>]*>/gi;

/**
 * `head` is the start of the text (any length; only the first 64K are looked at). Pages that lost their
 * <html> wrapper (copied fragments, CMS exports) are recognised by tag density: plain reports have none.
 */
export function looksLikeHtml(head: string): boolean {
  const sample = head.slice(0, 65536).replace(/^\uFEFF/, "");
  if (HTML_START.test(sample.trimStart())) return true;
  let tags = 0;
  for (const _ of sample.matchAll(HTML_TAG)) tags++;
  return tags >= 5 && tags * 500 >= sample.length;
}
