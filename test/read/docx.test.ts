import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/core/errors.js";
import { readDocument } from "../../src/core/read/index.js";
import { expectDubanError } from "./helpers/expect-error.js";
import { documentXml, docxParts, makeZip } from "./helpers/zip.js";

const TITLE = "2024年某某市政府工作报告";
const BODY = [
  "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。",
  "过去一年，全市地区生产总值增长5.5%，一般公共预算收入增长8.2%。",
  "2024年主要目标：地区生产总值增长6%左右。",
];

let reportDocx: Uint8Array;

beforeAll(async () => {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: TITLE, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun(BODY[0] as string)] }),
          new Paragraph({
            children: [
              new TextRun("过去一年，全市地区生产总值"),
              new TextRun({ text: "增长5.5%", bold: true }),
              new TextRun("，一般公共预算收入增长8.2%。"),
            ],
          }),
          new Paragraph({ text: "" }),
          new Paragraph({ text: BODY[2] as string }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph("指标")] }),
                  new TableCell({ children: [new Paragraph("目标")] }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  });
  reportDocx = new Uint8Array(await Packer.toBuffer(doc));
});

describe("DOCX", () => {
  it("reads paragraphs as lines, runs joined, one blank line for an empty paragraph", async () => {
    const doc = await readDocument(reportDocx, { name: "report.docx" });
    expect(doc.format).toBe("docx");
    expect(doc.encoding).toBe("utf-8");
    expect(doc.text).toBe([TITLE, BODY[0], BODY[1], "", BODY[2], "指标", "目标"].join("\n"));
    expect(doc.warnings).toEqual([]);
  });

  it("reads a DOCX that is a view into a larger buffer (non-zero byteOffset)", async () => {
    const backing = new Uint8Array(reportDocx.length + 300);
    backing.set(reportDocx, 100);
    const view = backing.subarray(100, 100 + reportDocx.length);
    expect((await readDocument(view)).text.startsWith(TITLE)).toBe(true);
  });

  it("detects DOCX by content, whatever the name", async () => {
    expect((await readDocument(reportDocx, { name: "report.txt" })).format).toBe("docx");
  });

  it("finds a main document part that is not word/document.xml, through _rels/.rels", async () => {
    const parts = docxParts(documentXml(["正文在别处"])).map((p) => {
      if (p.name === "word/document.xml") return { ...p, name: "word/document2.xml" };
      if (p.name === "_rels/.rels")
        return { ...p, data: String(p.data).replace("word/document.xml", "/word/document2.xml") };
      return p;
    });
    expect((await readDocument(makeZip(parts))).text).toBe("正文在别处");
  });

  it("refuses a DOCX without any text as empty", async () => {
    await expectDubanError(readDocument(makeZip(docxParts(documentXml(["", "  "])))), ErrorCode.EmptyInput);
  });

  it("refuses a truncated DOCX as corrupt", async () => {
    const cut = reportDocx.subarray(0, Math.floor(reportDocx.length * 0.6));
    const err = await expectDubanError(readDocument(cut, { name: "cut.docx" }), ErrorCode.CorruptDocument);
    expect(err.message).toMatch(/damaged or truncated/);
    expect(err.details.target).toBe("cut.docx");
  });

  it("refuses a DOCX whose document.xml is damaged deflate data", async () => {
    const zip = makeZip(docxParts(documentXml(["正文"])));
    // Overwrite the middle of the last local entry's compressed data (document.xml is written last).
    const damaged = zip.slice();
    const cdStart = new DataView(damaged.buffer).getUint32(damaged.length - 6, true);
    for (let i = cdStart - 40; i < cdStart - 10; i++) damaged[i] = 0xff;
    await expectDubanError(readDocument(damaged), ErrorCode.CorruptDocument);
  });

  it("refuses a Word-shaped archive without document.xml as corrupt", async () => {
    const parts = docxParts(documentXml(["x"])).filter((p) => p.name !== "word/document.xml");
    parts.push({ name: "word/styles.xml", data: "<w:styles/>" });
    const err = await expectDubanError(readDocument(makeZip(parts)), ErrorCode.CorruptDocument);
    expect(err.message).toContain("word/document.xml");
  });

  it("refuses a DOCX whose XML is not well-formed as corrupt", async () => {
    const parts = docxParts("<w:document><w:body><w:p>unclosed");
    await expectDubanError(readDocument(makeZip(parts)), ErrorCode.CorruptDocument);
  });

  it.each([
    [
      "an Excel workbook",
      [
        { name: "[Content_Types].xml", data: "<Types/>" },
        { name: "xl/workbook.xml", data: "<workbook/>" },
      ],
    ],
    [
      "an OpenDocument text",
      [
        { name: "mimetype", data: "application/vnd.oasis.opendocument.text", method: 0 as const },
        { name: "content.xml", data: "<x/>" },
      ],
    ],
    ["an OFD document", [{ name: "OFD.xml", data: "<ofd:OFD/>" }]],
    ["a ZIP archive", [{ name: "报告.txt", data: "政府工作报告" }]],
  ])("refuses %s as an unsupported format", async (what, parts) => {
    const err = await expectDubanError(readDocument(makeZip(parts)), ErrorCode.UnsupportedFormat);
    expect(err.message).toContain(what);
  });
});

describe("DOCX zip bombs", () => {
  const bomb = "<w:p><w:r><w:t>炸弹</w:t></w:r></w:p>".repeat(20_000);
  const bombXml = documentXml([]).replace("<w:body>", `<w:body>${bomb}`);

  it("refuses an archive whose declared content exceeds maxDecompressedBytes", async () => {
    const zip = makeZip(docxParts(bombXml));
    const err = await expectDubanError(
      readDocument(zip, { limits: { maxDecompressedBytes: 100_000 } }),
      ErrorCode.ArchiveTooLarge,
    );
    expect(err.message).toMatch(/declare/);
    expect(err.details.limit).toBe(100_000);
  });

  it("refuses an archive that lies about its sizes, by measuring the real inflation", async () => {
    const parts = docxParts(bombXml).map((p) =>
      p.name === "word/document.xml" ? { ...p, declaredSize: 1000 } : p,
    );
    const zip = makeZip(parts);
    const err = await expectDubanError(
      readDocument(zip, { limits: { maxDecompressedBytes: 100_000 } }),
      ErrorCode.ArchiveTooLarge,
    );
    expect(err.message).toMatch(/inflates past the limit/);
  });

  it("refuses an entry with an absurd compression ratio even under the default limits", async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const parts = [...docxParts(documentXml(["正文"])), { name: "word/media/blank.bin", data: zeros }];
    const err = await expectDubanError(readDocument(makeZip(parts)), ErrorCode.ArchiveTooLarge);
    expect(err.message).toMatch(/:1/);
  });

  it("accepts the same document when the limit allows it", async () => {
    const zip = makeZip(docxParts(bombXml));
    const doc = await readDocument(zip, { limits: { maxDecompressedBytes: 10_000_000 } });
    expect(doc.text.split("\n")).toHaveLength(20_000);
  });
});
