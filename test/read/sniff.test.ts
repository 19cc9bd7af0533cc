import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/core/errors.js";
import { readDocument } from "../../src/core/read/index.js";
import { looksLikeHtml } from "../../src/core/read/sniff.js";
import { expectDubanError } from "./helpers/expect-error.js";
import { utf8 } from "./helpers/samples.js";

/** A valid 1×1 PNG: signature, IHDR, IDAT, IEND. */
const PNG = Uint8Array.from(
  Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
      "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082",
    "hex",
  ),
);

describe("empty and oversized input", () => {
  it("refuses an empty file", async () => {
    await expectDubanError(readDocument(new Uint8Array()), ErrorCode.EmptyInput);
  });

  it("refuses whitespace only, ideographic spaces included", async () => {
    await expectDubanError(readDocument(utf8(" \r\n\t\u3000\u3000\n")), ErrorCode.EmptyInput);
  });

  it("refuses a BOM and nothing else", async () => {
    await expectDubanError(readDocument(new Uint8Array([0xef, 0xbb, 0xbf])), ErrorCode.EmptyInput);
  });

  it("refuses input over maxInputBytes and says how to raise the limit", async () => {
    const err = await expectDubanError(
      readDocument(utf8("政府工作报告".repeat(100)), { limits: { maxInputBytes: 1000 } }),
      ErrorCode.InputTooLarge,
    );
    expect(err.message).toContain("1000 bytes");
    expect(err.message).toContain("--max-size");
    expect(err.message).toContain("DUBAN_MAX_INPUT_MB");
    expect(err.details).toMatchObject({ size: 1800, limit: 1000 });
  });

  it("accepts input exactly at the limit", async () => {
    const bytes = utf8("政府工作报告");
    await expect(readDocument(bytes, { limits: { maxInputBytes: bytes.length } })).resolves.toMatchObject({
      format: "txt",
    });
  });

  it("rejects a nonsensical limit", async () => {
    await expectDubanError(
      readDocument(utf8("x"), { limits: { maxInputBytes: -1 } }),
      ErrorCode.InvalidArgument,
    );
  });
});

describe("binary input is named, not decoded", () => {
  it("calls a PNG renamed .pdf a PNG image, whatever its name says", async () => {
    const err = await expectDubanError(readDocument(PNG, { name: "report.pdf" }), ErrorCode.BinaryInput);
    expect(err.message).toContain("looks like a PNG image, not a report");
    expect(err.message).toContain(".pdf");
    expect(err.details.target).toBe("report.pdf");
  });

  it.each([
    ["JPEG image", [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]],
    ["GIF image", [...Buffer.from("GIF89a"), 1, 0, 1, 0]],
    ["WebP image", [...Buffer.from("RIFF"), 0, 0, 0, 0, ...Buffer.from("WEBPVP8 ")]],
    ["TIFF image", [0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]],
    ["BMP image", [0x42, 0x4d, 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0]],
    ["executable program (ELF)", [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]],
  ])("recognises a %s", async (what, magic) => {
    const bytes = new Uint8Array([...magic, ...randomBytes(64)]);
    const err = await expectDubanError(readDocument(bytes), ErrorCode.BinaryInput);
    expect(err.message).toContain(what);
  });

  it("sends an old .doc (OLE2) to Word to be saved as .docx", async () => {
    const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
    const err = await expectDubanError(readDocument(ole2, { name: "报告.doc" }), ErrorCode.UnsupportedFormat);
    expect(err.message).toContain(".doc");
    expect(err.message).toContain("save it as .docx");
    expect(err.messageZh).toContain("另存为 .docx");
  });

  it("refuses random binary garbage as binary data", async () => {
    const err = await expectDubanError(
      readDocument(new Uint8Array(randomBytes(4096))),
      ErrorCode.BinaryInput,
    );
    expect(err.message).toMatch(/binary data/);
  });

  it("refuses a file of NUL bytes", async () => {
    await expectDubanError(readDocument(new Uint8Array(1000)), ErrorCode.BinaryInput);
  });

  it("refuses text interleaved with control bytes", async () => {
    const text = utf8("政府工作报告".repeat(30));
    const dirty = text.map((b, i) => (i % 10 === 0 ? 0x01 : b));
    await expectDubanError(readDocument(dirty), ErrorCode.BinaryInput);
  });

  it("does not take a report that starts with 'BM' or 'MZ' for a bitmap or an executable", async () => {
    for (const start of ["BM", "MZ"]) {
      const doc = await readDocument(utf8(`${start} 项目建设进展顺利，全年完成投资120亿元。\n`));
      expect(doc.format).toBe("txt");
    }
  });
});

describe("looksLikeHtml", () => {
  it.each([
    "<!DOCTYPE html><html><body>x</body></html>",
    "\uFEFF  \n<html lang=zh><head></head></html>",
    "<?xml version='1.0'?>\n<!-- saved --><html>",
    "<HEAD><TITLE>t</TITLE></HEAD>",
    "<body>text</body>",
    "<p>第一段</p><p>第二段</p><p>第三段</p><br><div>第四段</div>",
  ])("says yes to %j", (head) => {
    expect(looksLikeHtml(head)).toBe(true);
  });

  it.each([
    ["a report", "各位代表：现在，我代表市人民政府向大会报告工作。"],
    ["angle brackets that are no tags", "指标 <5% 的地区，增速 >3%，见表<1>。"],
    [
      "a long report with a stray tag or two",
      `${"正文很长的一段报告内容。".repeat(500)}<p>一个</p><b>标签</b>`,
    ],
  ])("says no to %s", (_, head) => {
    expect(looksLikeHtml(head)).toBe(false);
  });
});
