import { createHash } from "node:crypto";
import type { Extraction } from "../contract/extraction.js";
import { extractReport } from "./extract/index.js";
import { readDocument } from "./read/index.js";
import type { ReadLimits } from "./read/types.js";

export interface ExtractedFile {
  extraction: Extraction;
  /** The decoded text every offset in `extraction` points into. */
  text: string;
  warnings: string[];
}

/** Bytes of one file → the contract object. Pure apart from hashing; the caller does all I/O. */
export async function extractBytes(
  bytes: Uint8Array,
  path: string,
  limits?: Partial<ReadLimits>,
): Promise<ExtractedFile> {
  const doc = await readDocument(bytes, { name: path, ...(limits ? { limits } : {}) });
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const extraction = extractReport(doc, { path, sha256 });
  return { extraction, text: doc.text, warnings: doc.warnings };
}
