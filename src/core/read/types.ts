export type SourceFormat = "txt" | "html" | "docx" | "pdf";

/** What a reader hands to extraction: the text every offset points into. */
export interface DecodedDocument {
  /** The decoded text. For txt: the bytes decoded, BOM dropped, line endings kept. For html/docx/pdf: the
   *  plain text the reader produced (what `duban extract --format text` prints). */
  text: string;
  format: SourceFormat;
  /** As detected: utf-8 | utf-16le | utf-16be | gb18030 | big5; for docx/pdf the container's text encoding. */
  encoding: string;
  /** Non-fatal observations worth telling the user (e.g. "readability fell back to full page text"). */
  warnings: string[];
}

export interface ReadLimits {
  /** Largest input accepted, in bytes. */
  maxInputBytes: number;
  /** Largest total decompressed size of a DOCX archive, in bytes (zip-bomb cap). */
  maxDecompressedBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxInputBytes: 64 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024,
};
