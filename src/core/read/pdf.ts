import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { TextItem, TextMarkedContent } from "pdfjs-dist/types/src/display/api.js";
import { ErrorCode } from "../errors.js";
import { causeText, fail } from "./fail.js";
import type { DecodedDocument } from "./types.js";

/** Fewer non-space characters per page than this, on average, means there is no real text layer. */
const MIN_CHARS_PER_PAGE = 20;

let dataDirs: { cMapUrl: string; standardFontDataUrl: string } | undefined;

/**
 * pdfjs's own CMaps and font metrics, as directory paths: in Node it reads them with fs, never fetch.
 * Without the CMaps, text in PDFs that use predefined CJK encodings (GBK-EUC-H, UniGB-UCS2-H, ...) is lost.
 */
function pdfjsDataDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  if (!dataDirs) {
    const root = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
    const dir = `${root.replaceAll("\\", "/")}/`;
    dataDirs = { cMapUrl: `${dir}cmaps/`, standardFontDataUrl: `${dir}standard_fonts/` };
  }
  return dataDirs;
}

function isTextItem(item: TextItem | TextMarkedContent): item is TextItem {
  return "str" in item;
}

/**
 * One page's text: items joined, a newline where pdfjs marks an end of line and where the text jumps
 * vertically without one (items placed by absolute position rarely carry hasEOL).
 */
export function pageText(items: readonly (TextItem | TextMarkedContent)[]): string {
  let out = "";
  let lastY: number | undefined;
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const y = Number(item.transform[5]);
    const size = item.height || Math.abs(Number(item.transform[3])) || 1;
    if (
      item.str !== "" &&
      lastY !== undefined &&
      out !== "" &&
      !out.endsWith("\n") &&
      Math.abs(y - lastY) > size * 0.8
    ) {
      out += "\n";
    }
    out += item.str;
    if (item.hasEOL) out += "\n";
    if (item.str !== "") lastY = y;
  }
  return out.replace(/[ \t]+$/gm, "").replace(/\n+$/, "");
}

function pdfFailure(err: unknown): Error {
  const name = (err as { name?: unknown })?.name;
  if (name === "PasswordException") {
    return fail(
      ErrorCode.EncryptedPdf,
      "The PDF is password-protected. Remove the password (e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and read the result.",
      "该 PDF 有打开密码。请先去除密码（例如 `qpdf --decrypt --password=密码 in.pdf out.pdf`）再读取。",
    );
  }
  return fail(
    ErrorCode.CorruptDocument,
    "The PDF is damaged or truncated and could not be opened. Re-download it or re-save it from a PDF viewer.",
    "该 PDF 已损坏或不完整，无法打开。请重新下载，或用 PDF 阅读器重新保存。",
    { cause: causeText(err) },
    err,
  );
}

export async function readPdf(bytes: Uint8Array): Promise<DecodedDocument> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // pdfjs transfers the buffer to its (in-process) worker, which would detach the caller's bytes; it also
  // refuses Buffers. A plain copy avoids both.
  const loadingTask = getDocument({
    data: new Uint8Array(bytes),
    ...pdfjsDataDirs(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    let doc: Awaited<typeof loadingTask.promise>;
    try {
      doc = await loadingTask.promise;
    } catch (err) {
      throw pdfFailure(err);
    }
    const pages: string[] = [];
    const emptyPages: number[] = [];
    let visible = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      let text: string;
      try {
        const page = await doc.getPage(n);
        text = pageText((await page.getTextContent()).items);
        page.cleanup();
      } catch (err) {
        throw pdfFailure(err);
      }
      const chars = text.replace(/\s+/g, "").length;
      visible += chars;
      if (chars === 0) emptyPages.push(n);
      pages.push(text);
    }
    if (doc.numPages === 0 || visible / doc.numPages < MIN_CHARS_PER_PAGE) {
      throw fail(
        ErrorCode.NoTextLayer,
        `The PDF has no text layer (${visible} characters on ${doc.numPages} page(s)): it is probably a scan. Run OCR on it first (e.g. \`ocrmypdf -l chi_sim in.pdf out.pdf\`) and read the result.`,
        `该 PDF 没有文字层（${doc.numPages} 页共 ${visible} 个字符），可能是扫描件。请先进行 OCR 文字识别（例如 \`ocrmypdf -l chi_sim in.pdf out.pdf\`）再读取。`,
        { pages: doc.numPages, characters: visible },
      );
    }
    const warnings =
      emptyPages.length > 0
        ? [`pdf: no text on page(s) ${emptyPages.join(", ")} (scanned pages?); their content is missing`]
        : [];
    // PDF text strings and ToUnicode maps are UTF-16BE (ISO 32000 7.9.2.2): the container's text encoding.
    return { text: pages.join("\n"), format: "pdf", encoding: "utf-16be", warnings };
  } finally {
    await loadingTask.destroy();
  }
}
