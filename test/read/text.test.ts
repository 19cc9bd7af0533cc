import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/core/errors.js";
import { detectScript, readDocument } from "../../src/core/read/index.js";
import { expectDubanError } from "./helpers/expect-error.js";
import { encodeLegacy, encodeUtf16 } from "./helpers/legacy-encode.js";
import { SIMPLIFIED_CRLF, SIMPLIFIED_LF, TRADITIONAL, utf8 } from "./helpers/samples.js";

const corpus = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));
const hasCorpus = existsSync(`${corpus}district_hailar_2012.gb18030.txt`);
if (!hasCorpus) console.warn(`read tests: ${corpus} is absent; the corpus GB18030 checks are skipped`);

describe("plain text: UTF-8", () => {
  it("reads UTF-8 and keeps CRLF line endings exactly", async () => {
    const doc = await readDocument(utf8(SIMPLIFIED_CRLF));
    expect(doc).toEqual({ text: SIMPLIFIED_CRLF, format: "txt", encoding: "utf-8", warnings: [] });
    expect(doc.text.split("\r\n")).toHaveLength(5);
  });

  it("drops a UTF-8 BOM: the text starts with the first real character", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SIMPLIFIED_CRLF)]);
    const doc = await readDocument(bytes);
    expect(doc.encoding).toBe("utf-8");
    expect(doc.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(doc.text).toBe(SIMPLIFIED_CRLF);
  });

  it("reads ASCII-only text as UTF-8", async () => {
    const doc = await readDocument(utf8("GDP grew 5.2% in 2023.\n"));
    expect(doc.encoding).toBe("utf-8");
    expect(doc.text).toBe("GDP grew 5.2% in 2023.\n");
  });

  it("reads UTF-8 cut mid-character as UTF-8 with a warning, not as GB18030 garbage", async () => {
    const bytes = utf8(SIMPLIFIED_LF.repeat(20));
    const doc = await readDocument(bytes.subarray(0, bytes.length - 2));
    expect(doc.encoding).toBe("utf-8");
    expect(doc.text.startsWith(SIMPLIFIED_LF)).toBe(true);
    expect(doc.text.endsWith("\uFFFD")).toBe(true);
    expect(doc.warnings.join()).toMatch(/invalid utf-8/);
  });

  it("reads UTF-8 with one stray byte in the middle as UTF-8", async () => {
    const good = utf8(SIMPLIFIED_LF.repeat(5));
    const bytes = new Uint8Array([...good.subarray(0, 30), 0xff, ...good.subarray(30)]);
    const doc = await readDocument(bytes);
    expect(doc.encoding).toBe("utf-8");
    expect(doc.text.replace("\uFFFD", "")).toBe(SIMPLIFIED_LF.repeat(5));
  });
});

describe("plain text: UTF-16", () => {
  for (const endian of ["le", "be"] as const) {
    it(`reads UTF-16${endian.toUpperCase()} with a BOM, BOM dropped, CRLF kept`, async () => {
      const doc = await readDocument(encodeUtf16(SIMPLIFIED_CRLF, endian, true));
      expect(doc.encoding).toBe(`utf-16${endian}`);
      expect(doc.text).toBe(SIMPLIFIED_CRLF);
    });

    it(`recognises UTF-16${endian.toUpperCase()} without a BOM by its NUL bytes`, async () => {
      const doc = await readDocument(encodeUtf16(SIMPLIFIED_CRLF, endian, false));
      expect(doc.encoding).toBe(`utf-16${endian}`);
      expect(doc.text).toBe(SIMPLIFIED_CRLF);
    });
  }

  it("reads traditional text in UTF-16LE", async () => {
    const doc = await readDocument(encodeUtf16(TRADITIONAL, "le", false));
    expect(doc.text).toBe(TRADITIONAL);
  });
});

describe("plain text: GB18030 and Big5", () => {
  it("decodes GBK bytes of a Chinese paragraph to the same string as its UTF-8 version", async () => {
    const gbk = encodeLegacy(SIMPLIFIED_CRLF, "gbk");
    const [fromGbk, fromUtf8] = await Promise.all([readDocument(gbk), readDocument(utf8(SIMPLIFIED_CRLF))]);
    expect(fromGbk.encoding).toBe("gb18030");
    expect(fromGbk.text).toBe(fromUtf8.text);
    expect(fromGbk.warnings).toEqual([]);
  });

  it("decodes Big5 bytes of a traditional paragraph, and the script is traditional", async () => {
    const doc = await readDocument(encodeLegacy(TRADITIONAL, "big5"));
    expect(doc.encoding).toBe("big5");
    expect(doc.text).toBe(TRADITIONAL);
    expect(detectScript(doc.text)).toBe("traditional");
  });

  it("tells GBK from Big5 even for a single short line", async () => {
    expect((await readDocument(encodeLegacy("政府工作报告", "gbk"))).encoding).toBe("gb18030");
    expect((await readDocument(encodeLegacy("政府工作報告", "big5"))).encoding).toBe("big5");
  });

  it("reads traditional text stored as GBK as GB18030, not Big5", async () => {
    const doc = await readDocument(encodeLegacy(TRADITIONAL, "gbk"));
    expect(doc.encoding).toBe("gb18030");
    expect(doc.text).toBe(TRADITIONAL);
  });

  it.skipIf(!hasCorpus)(
    "decodes the corpus GB18030 original of district_hailar_2012 to exactly its UTF-8 twin",
    async () => {
      const twin = readFileSync(`${corpus}district_hailar_2012.txt`, "utf8");
      const doc = await readDocument(readFileSync(`${corpus}district_hailar_2012.gb18030.txt`), {
        name: "district_hailar_2012.gb18030.txt",
      });
      expect(doc.encoding).toBe("gb18030");
      expect(doc.warnings).toEqual([]);
      // Both files keep the source's CRLF: the twin was written from the decoded text without changing
      // line endings, so the strings must be identical, not merely equal after normalising newlines.
      expect(twin.includes("\r\n")).toBe(true);
      expect(doc.text.length).toBe(twin.length);
      expect(doc.text).toBe(twin);
    },
  );

  it.skipIf(!hasCorpus)("decodes every corpus GB18030 original to its UTF-8 twin", async () => {
    for (const year of [2016, 2019]) {
      const twin = readFileSync(`${corpus}district_hailar_${year}.txt`, "utf8");
      const doc = await readDocument(readFileSync(`${corpus}district_hailar_${year}.gb18030.txt`));
      expect(doc.encoding).toBe("gb18030");
      expect(doc.text).toBe(twin);
    }
  });
});

describe.skipIf(!hasCorpus)("corpus offsets", () => {
  it("puts every gdp-targets.tsv quote at its recorded offsets (BOM not counted, CRLF counted)", async () => {
    const rows = readFileSync(`${corpus}gdp-targets.tsv`, "utf8").trim().split("\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const [file, , , , , , , quote, start, end] = row.split("\t") as string[];
      const { text } = await readDocument(readFileSync(`${corpus}${file}`), { name: file });
      expect(text.slice(Number(start), Number(end)), file).toBe(quote);
      // The GB18030 originals must put the quote at the same place as their UTF-8 twins.
      const original = `${corpus}${file?.replace(/\.txt$/, ".gb18030.txt")}`;
      if (existsSync(original)) {
        const decoded = await readDocument(readFileSync(original));
        expect(decoded.text.slice(Number(start), Number(end)), original).toBe(quote);
      }
    }
  });
});

describe("plain text: speed", () => {
  /** Best of a few runs: the floor is what the code costs, spikes are the machine's. */
  async function fastest(bytes: Uint8Array): Promise<number> {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await readDocument(bytes);
      best = Math.min(best, performance.now() - start);
    }
    return best;
  }

  function oneMegabyte(encode: (s: string) => Uint8Array): Uint8Array {
    const unit = encode(SIMPLIFIED_CRLF);
    const out = new Uint8Array(Math.floor((1024 * 1024) / unit.length) * unit.length);
    for (let at = 0; at < out.length; at += unit.length) out.set(unit, at);
    return out;
  }

  it("reads 1 MB of UTF-8 in a few milliseconds (no encoding detection on valid UTF-8)", async () => {
    expect(await fastest(oneMegabyte(utf8))).toBeLessThan(40);
  });

  it("reads 1 MB of GBK without decoding it more than a few times", async () => {
    expect(await fastest(oneMegabyte((s) => encodeLegacy(s, "gbk")))).toBeLessThan(80);
  });
});

describe("plain text: refusals", () => {
  it("refuses bytes that decode to nothing like Chinese in any supported encoding", async () => {
    // Shift_JIS Japanese (ひらがな and kanji): not UTF-8, and as GBK or Big5 it is gibberish.
    const sjis = new Uint8Array(
      Array.from({ length: 120 }, () => [0x82, 0xa0, 0x82, 0xa2, 0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]).flat(),
    );
    const err = await expectDubanError(readDocument(sjis), ErrorCode.UndecodableText);
    expect(err.message).toMatch(/UTF-8/);
  });

  it("refuses text that is mostly invalid byte sequences", async () => {
    // 0x80 and 0xFF are invalid as single bytes in UTF-8, GB18030 and Big5 alike.
    const bytes = new Uint8Array(400).map((_, i) => (i % 2 ? 0x80 : 0xff));
    await expectDubanError(readDocument(bytes), ErrorCode.UndecodableText);
  });
});
