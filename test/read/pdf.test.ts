import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorCode } from "../../src/core/errors.js";
import { readDocument } from "../../src/core/read/index.js";
import { pageText } from "../../src/core/read/pdf.js";
import { makePdf } from "../fixtures/read/make-pdf.js";
import { expectDubanError } from "./helpers/expect-error.js";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/read/${name}`, import.meta.url)));

const REPORT = makePdf([
  {
    lines: [
      { text: "政府工作报告", font: "cjk-identity", y: 760, size: 22 },
      { text: "各位代表：现在，我代表市人民政府，向大会报告工作。", font: "cjk-identity", y: 720 },
      { text: "全年地区生产总值增长5.5%左右。", font: "cjk-identity", y: 700 },
      { text: "GDP (2023): 1,234.5", font: "latin", y: 680 },
    ],
  },
  { lines: [{ text: "二、2024年主要目标：经济增长6%左右，推动高质量发展。", font: "cjk-identity", y: 760 }] },
]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("PDF", () => {
  it("reads a CJK text layer (Type0, Identity-H, ToUnicode), one line per line, pages separated by a newline", async () => {
    const doc = await readDocument(REPORT, { name: "report.pdf" });
    expect(doc.format).toBe("pdf");
    expect(doc.warnings).toEqual([]);
    expect(doc.text).toBe(
      [
        "政府工作报告",
        "各位代表：现在，我代表市人民政府，向大会报告工作。",
        "全年地区生产总值增长5.5%左右。",
        "GDP (2023): 1,234.5",
        "二、2024年主要目标：经济增长6%左右，推动高质量发展。",
      ].join("\n"),
    );
  });

  it("reads text in a predefined CJK encoding (GBK-EUC-H), which needs pdfjs's packed CMaps", async () => {
    const pdf = makePdf([
      {
        lines: [
          { text: "使用GBK编码的政府工作报告正文", font: "cjk-gbk", y: 760 },
          { text: "固定资产投资增长百分之六", font: "cjk-gbk", y: 740 },
        ],
      },
    ]);
    expect((await readDocument(pdf)).text).toBe("使用GBK编码的政府工作报告正文\n固定资产投资增长百分之六");
  });

  it("prints nothing and fetches nothing while reading, even for a broken file", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const spies = (["log", "warn", "error", "info", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    const stdout = vi.spyOn(process.stdout, "write");
    await readDocument(REPORT);
    await readDocument(fixture("encrypted-user-password.pdf")).catch(() => {});
    await readDocument(new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")).catch(
      () => {},
    );
    for (const spy of [...spies, stdout, fetchSpy]) expect(spy).not.toHaveBeenCalled();
  });

  it("leaves the caller's bytes usable (pdfjs would otherwise detach the buffer)", async () => {
    const bytes = REPORT.slice();
    await readDocument(bytes);
    expect(bytes.byteLength).toBe(REPORT.byteLength);
    expect(Buffer.from(bytes).equals(Buffer.from(REPORT))).toBe(true);
  });

  it("reads a Node Buffer as well as a Uint8Array", async () => {
    expect((await readDocument(Buffer.from(REPORT))).format).toBe("pdf");
  });

  it("refuses a password-protected PDF as encrypted", async () => {
    const err = await expectDubanError(
      readDocument(fixture("encrypted-user-password.pdf"), { name: "secret.pdf" }),
      ErrorCode.EncryptedPdf,
    );
    expect(err.message).toMatch(/password/);
    expect(err.details.target).toBe("secret.pdf");
  });

  it("reads a PDF encrypted with an owner password only (restrictions, no open password)", async () => {
    const doc = await readDocument(fixture("encrypted-owner-only.pdf"));
    expect(doc.text).toBe("政府工作报告\n全年地区生产总值增长5.5%左右。");
  });

  it("refuses a scanned PDF (image-only pages) as having no text layer", async () => {
    const err = await expectDubanError(
      readDocument(makePdf([{ image: true }, { image: true }])),
      ErrorCode.NoTextLayer,
    );
    expect(err.message).toMatch(/scan/);
    expect(err.message).toMatch(/OCR/);
    expect(err.details).toMatchObject({ pages: 2, characters: 0 });
  });

  it("refuses a scan whose only text is a page number or two", async () => {
    const pages = [1, 2, 3].map((n) => ({
      image: true,
      lines: [{ text: `- ${n} -`, font: "latin" as const, y: 30 }],
    }));
    await expectDubanError(readDocument(makePdf(pages)), ErrorCode.NoTextLayer);
  });

  it("reads a PDF with some scanned pages, warning about them", async () => {
    const pdf = makePdf([
      {
        lines: [
          {
            text: "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。",
            font: "cjk-identity",
            y: 700,
          },
          {
            text: "过去一年，全市地区生产总值增长5.5%，一般公共预算收入增长8.2%。",
            font: "cjk-identity",
            y: 680,
          },
        ],
      },
      { image: true },
    ]);
    const doc = await readDocument(pdf);
    expect(doc.text).toContain("各位代表");
    expect(doc.warnings.join()).toMatch(/no text on page\(s\) 2/);
  });

  it("refuses garbage after a PDF header as corrupt", async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.4\n${"垃圾数据 garbage ".repeat(50)}`);
    await expectDubanError(readDocument(bytes, { name: "bad.pdf" }), ErrorCode.CorruptDocument);
  });

  it("refuses a truncated PDF as corrupt", async () => {
    await expectDubanError(
      readDocument(REPORT.subarray(0, Math.floor(REPORT.length * 0.7))),
      ErrorCode.CorruptDocument,
    );
  });
});

describe("pageText", () => {
  const item = (str: string, y: number, hasEOL = false) => ({
    str,
    dir: "ltr",
    transform: [12, 0, 0, 12, 72, y],
    width: str.length * 12,
    height: 12,
    fontName: "f",
    hasEOL,
  });

  it("breaks at hasEOL and at vertical jumps, not between items on one line", () => {
    const items = [
      item("地区生产", 700),
      item("总值", 700, true),
      item("增长", 680),
      item("5%", 680),
      item("下一行", 650),
    ];
    expect(pageText(items)).toBe("地区生产总值\n增长5%\n下一行");
  });

  it("ignores marked-content items and trailing spaces", () => {
    expect(
      pageText([{ type: "beginMarkedContent", id: "1" }, item("正文  ", 700), item("", 700, true)]),
    ).toBe("正文");
  });
});
