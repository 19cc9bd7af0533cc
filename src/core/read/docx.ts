import { ErrorCode } from "../errors.js";
import { causeText, fail, formatBytes } from "./fail.js";
import type { DecodedDocument, ReadLimits } from "./types.js";
import { archiveTooLarge, inflateEntry, readCentralDirectory, TooLarge, type ZipEntry } from "./zip.js";

/** Entries above this size with a compression ratio above MAX_RATIO are bombs, not documents. */
const RATIO_CHECK_FROM = 1024 * 1024;
const MAX_RATIO = 200;

interface OtherPackage {
  what: string;
  whatZh: string;
  advice: string;
  adviceZh: string;
}

const SAVE_AS = { advice: "save it as .docx or PDF", adviceZh: "请另存为 .docx 或 PDF" };

function identifyOther(entries: ZipEntry[], bytes: Uint8Array): OtherPackage {
  const names = entries.map((e) => e.name);
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  if (has("xl/")) return { what: "an Excel workbook (.xlsx)", whatZh: "Excel 工作簿（.xlsx）", ...SAVE_AS };
  if (has("ppt/")) {
    return { what: "a PowerPoint deck (.pptx)", whatZh: "PowerPoint 演示文稿（.pptx）", ...SAVE_AS };
  }
  if (names.includes("OFD.xml")) {
    return {
      what: "an OFD document",
      whatZh: "OFD 版式文档",
      advice: "export it as PDF",
      adviceZh: "请导出为 PDF",
    };
  }
  const mimetypeEntry = entries.find((e) => e.name === "mimetype");
  if (mimetypeEntry) {
    let mimetype = "";
    try {
      mimetype = new TextDecoder().decode(inflateEntry(bytes, mimetypeEntry, 256));
    } catch {
      // An unreadable mimetype leaves it a generic archive.
    }
    if (mimetype.includes("opendocument.text")) {
      return { what: "an OpenDocument text (.odt)", whatZh: "OpenDocument 文档（.odt）", ...SAVE_AS };
    }
    if (mimetype.includes("epub")) return { what: "an EPUB e-book", whatZh: "EPUB 电子书", ...SAVE_AS };
  }
  return {
    what: "a ZIP archive",
    whatZh: "ZIP 压缩包",
    advice: "unpack it and read the report inside",
    adviceZh: "请解压后读取其中的报告",
  };
}

function refuseOther(pkg: OtherPackage): never {
  throw fail(
    ErrorCode.UnsupportedFormat,
    `The file looks like ${pkg.what}, not a Word document; duban cannot read it: ${pkg.advice}.`,
    `该文件看起来是${pkg.whatZh}，不是 Word 文档，duban 无法读取：${pkg.adviceZh}。`,
    { looksLike: pkg.what },
  );
}

/** Target of the package's officeDocument relationship: the main part is not always word/document.xml. */
function mainPartFromRels(xml: string): string | undefined {
  for (const [rel] of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const type = rel.match(/\bType\s*=\s*["']([^"']*)["']/)?.[1] ?? "";
    if (!type.endsWith("/officeDocument")) continue;
    // Targets in _rels/.rels are relative to the package root; "/word/x.xml" and "./word/x.xml" occur too.
    return rel.match(/\bTarget\s*=\s*["']([^"']*)["']/)?.[1]?.replace(/^\.?\//, "");
  }
  return undefined;
}

/**
 * Refuses zip bombs before mammoth (through jszip) inflates anything: first on the sizes the archive
 * declares, then by inflating every entry for real under a shared budget, since declared sizes are
 * whatever the attacker wrote. jszip later inflates the same byte ranges, so it cannot get more.
 */
function inspect(bytes: Uint8Array, entries: ZipEntry[], limit: number): { mainHead: Uint8Array } {
  let declared = 0;
  for (const e of entries) {
    declared += e.uncompressedSize;
    const ratio = Math.round(e.uncompressedSize / Math.max(1, e.compressedSize));
    if (e.uncompressedSize > RATIO_CHECK_FROM && ratio > MAX_RATIO) {
      const size = formatBytes(e.uncompressedSize);
      archiveTooLarge(
        `${e.name} would expand ${ratio}:1 to ${size}`,
        `${e.name} 将以 ${ratio}:1 解压到 ${size}`,
        limit,
      );
    }
  }
  if (declared > limit) {
    const size = formatBytes(declared);
    archiveTooLarge(`its entries declare ${size} of content`, `其条目声明的内容共 ${size}`, limit);
  }

  let used = 0;
  let rels: Uint8Array | undefined;
  const heads = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (e.name.endsWith("/")) continue;
    let data: Uint8Array;
    try {
      data = inflateEntry(bytes, e, limit - used);
    } catch (err) {
      if (err instanceof TooLarge) {
        archiveTooLarge(`${e.name} inflates past the limit`, `${e.name} 实际解压后超过上限`, limit);
      }
      throw err;
    }
    used += data.length;
    const ratio = Math.round(data.length / Math.max(1, e.compressedSize));
    if (data.length > RATIO_CHECK_FROM && ratio > MAX_RATIO) {
      archiveTooLarge(`${e.name} expands ${ratio}:1`, `${e.name} 解压比为 ${ratio}:1`, limit);
    }
    if (e.name === "_rels/.rels") rels = data;
    if (e.name.endsWith(".xml")) heads.set(e.name, data.subarray(0, 4));
  }
  const mainPart = (rels && mainPartFromRels(new TextDecoder().decode(rels))) || "word/document.xml";
  const mainHead = heads.get(mainPart);
  if (!mainHead) {
    throw fail(
      ErrorCode.CorruptDocument,
      `The DOCX file has no main document part (${mainPart}); it is damaged or not a Word document.`,
      `该 DOCX 文件缺少正文部分（${mainPart}），文件已损坏或不是 Word 文档。`,
      { missing: mainPart },
    );
  }
  return { mainHead };
}

/** The XML's own encoding: OOXML allows UTF-16 parts, marked by a BOM. */
function xmlEncoding(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return "utf-8";
}

export async function readDocx(bytes: Uint8Array, limits: ReadLimits): Promise<DecodedDocument> {
  const entries = readCentralDirectory(bytes);
  const isWord =
    entries.some((e) => e.name.startsWith("word/")) ||
    (entries.some((e) => e.name === "_rels/.rels") &&
      !entries.some((e) => e.name.startsWith("xl/") || e.name.startsWith("ppt/")));
  if (!isWord) refuseOther(identifyOther(entries, bytes));
  const { mainHead } = inspect(bytes, entries, limits.maxDecompressedBytes);

  const mammoth = (await import("mammoth")).default;
  let result: Awaited<ReturnType<typeof mammoth.extractRawText>>;
  try {
    result = await mammoth.extractRawText({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
  } catch (err) {
    throw fail(
      ErrorCode.CorruptDocument,
      "The DOCX file could not be parsed; it is damaged. Open it in Word or WPS and save it again.",
      "无法解析该 DOCX 文件，文件已损坏。请用 Word 或 WPS 打开后重新保存。",
      { cause: causeText(err) },
      err,
    );
  }
  // mammoth ends every paragraph with a blank line; an empty paragraph still shows as one blank line.
  const text = result.value.replace(/\n\n/g, "\n").replace(/^\n+|\n+$/g, "");
  const warnings = [...new Set(result.messages.map((m) => `docx: ${m.message}`))].slice(0, 10);
  return { text, format: "docx", encoding: xmlEncoding(mainHead), warnings };
}
