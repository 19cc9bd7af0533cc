import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/core/errors.js";
import { declaredCharset } from "../../src/core/read/html.js";
import { readDocument } from "../../src/core/read/index.js";
import { expectDubanError } from "./helpers/expect-error.js";
import { encodeLegacy, encodeUtf16 } from "./helpers/legacy-encode.js";
import { utf8 } from "./helpers/samples.js";

const PARAGRAPHS = [
  "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
  "一、2023年工作回顾。过去一年，全市地区生产总值增长5.5%，一般公共预算收入增长8.2%，固定资产投资增长6.1%。",
  "二、2024年主要目标。地区生产总值增长6%左右，城镇新增就业3万人以上，居民收入增长与经济增长同步。",
  "三、坚持创新驱动，加快建设现代化产业体系，推动传统产业转型升级，培育壮大战略性新兴产业和未来产业。",
];

/** A government portal page: navigation, the report, a sidebar and a footer around it. */
function portalPage(opts: { head?: string; title?: string; h1?: string; extra?: string } = {}): string {
  const title = opts.title ?? "2024年政府工作报告_某某市人民政府门户网站";
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
${opts.head ?? '<meta charset="utf-8">'}
<title>${title}</title>
<style>.nav { color: red; } p::before { content: "样式不是正文"; }</style>
<script>var tracker = "脚本不是正文"; if (a < b && c > d) {}</script>
</head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="main">
  <div class="article" id="zoom">
    <h1>${opts.h1 ?? "2024年政府工作报告"}</h1>
    <div class="info">发布时间：2024-01-20 来源：市政府办公室</div>
    ${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("\n    ")}
    ${opts.extra ?? ""}
  </div>
  <div class="sidebar"><a href="/1">相关链接一</a><a href="/2">相关链接二</a></div>
</div>
<noscript>请启用脚本</noscript>
<div class="footer">版权所有：某某市人民政府办公室 主办单位：某某市人民政府</div>
</body>
</html>`;
}

describe("HTML", () => {
  it("extracts the report as one line per paragraph, without navigation, scripts or styles", async () => {
    const doc = await readDocument(utf8(portalPage()), { name: "report.txt" });
    expect(doc.format).toBe("html");
    expect(doc.encoding).toBe("utf-8");
    const lines = doc.text.split("\n");
    for (const p of PARAGRAPHS) expect(lines).toContain(p);
    expect(doc.text).not.toMatch(/脚本不是正文|样式不是正文|请启用脚本|政务公开|版权所有/);
    expect(doc.warnings).toEqual([]);
  });

  it("puts the <title> first when the content does not contain it", async () => {
    const doc = await readDocument(utf8(portalPage()));
    expect(doc.text.split("\n")[0]).toBe("2024年政府工作报告_某某市人民政府门户网站");
  });

  it("does not repeat a <title> the content already contains", async () => {
    const title = "某某市2024年政府工作报告";
    const doc = await readDocument(
      utf8(portalPage({ title, h1: "", extra: `<p>以上是${title}全文，请各位代表审议。</p>` })),
    );
    expect(doc.text.split(title)).toHaveLength(2);
    expect(doc.text.startsWith(title)).toBe(false);
  });

  it("decodes entities and keeps escaped markup as literal text", async () => {
    const extra =
      "<p>代码示例：&lt;script&gt;alert(1)&lt;/script&gt; 与 R&amp;D 投入增长&nbsp;10%，&#25237;&#36164;&#x589E;&#x957F;。</p>";
    const doc = await readDocument(utf8(portalPage({ extra })));
    expect(doc.text).toContain("代码示例：<script>alert(1)</script> 与 R&D 投入增长 10%，投资增长。");
  });

  it("breaks lines at <br> and separates table cells with a tab", async () => {
    const extra = `<table><tr><th>指标</th><th>目标</th></tr><tr><td>地区生产总值</td><td>6%左右</td></tr></table>
      <p>第一行<br>第二行<br/><br><br><br>第三行</p><div><div><p>嵌套段落</p></div></div>`;
    const doc = await readDocument(utf8(portalPage({ extra })));
    expect(doc.text).toContain("指标\t目标\n地区生产总值\t6%左右\n");
    // Readability turns a run of <br> into a paragraph break of its own.
    expect(doc.text).toContain("第一行\n第二行\n第三行\n嵌套段落");
  });

  it("reads a GBK page by its <meta charset>", async () => {
    const page = portalPage({ head: '<meta charset="gb2312">' });
    const doc = await readDocument(encodeLegacy(page, "gbk"));
    expect(doc.encoding).toBe("gb18030");
    expect(doc.text).toContain(PARAGRAPHS[0]);
  });

  it("reads a Big5 page by its http-equiv Content-Type", async () => {
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"><title>政府工作報告</title></head><body><p>各位代表：現在，我代表市人民政府，向大會報告工作，請予審議。</p></body></html>`;
    const doc = await readDocument(encodeLegacy(page, "big5"));
    expect(doc.encoding).toBe("big5");
    expect(doc.text).toContain("各位代表：現在，我代表市人民政府，向大會報告工作，請予審議。");
  });

  it("believes the bytes over a page that declares GBK but is UTF-8", async () => {
    const doc = await readDocument(utf8(portalPage({ head: '<meta charset="gbk">' })));
    expect(doc.encoding).toBe("utf-8");
    expect(doc.text).toContain(PARAGRAPHS[1]);
    expect(doc.warnings.join()).toMatch(/declares gb18030 but its bytes are valid UTF-8/);
  });

  it("detects the encoding of a GBK page that declares none", async () => {
    const doc = await readDocument(encodeLegacy(portalPage({ head: "" }), "gbk"));
    expect(doc.encoding).toBe("gb18030");
    expect(doc.text).toContain(PARAGRAPHS[2]);
  });

  it("reads a UTF-16LE page with a BOM", async () => {
    const doc = await readDocument(encodeUtf16(portalPage(), "le", true));
    expect(doc.format).toBe("html");
    expect(doc.encoding).toBe("utf-16le");
    expect(doc.text).toContain(PARAGRAPHS[3]);
  });

  it("reads a fragment without <html> or <body> (recognised by tag density)", async () => {
    const fragment = PARAGRAPHS.map((p) => `<p>${p}</p>`).join("\n");
    const doc = await readDocument(utf8(fragment));
    expect(doc.format).toBe("html");
    expect(doc.text).toBe(PARAGRAPHS.join("\n"));
  });

  it("falls back to the whole body, with a warning, when readability keeps too little of it", async () => {
    // Readability keeps the article and drops the "sidebar", which here holds most of the page's text.
    const notice = "本网站所载内容版权归某某市人民政府所有，未经许可不得转载，违者必究。";
    const side = Array.from({ length: 80 }, (_, i) => `<p>第${i}条：${notice}</p>`).join("");
    const article = PARAGRAPHS.map((p) => `<p>${p}</p>`)
      .join("")
      .repeat(4);
    const page = `<!DOCTYPE html><html><head><title>报告</title></head><body><div class="article">${article}</div><div class="sidebar">${side}</div></body></html>`;
    const doc = await readDocument(utf8(page));
    expect(doc.warnings.join()).toMatch(/only \d+% of the page's text; used the text of the whole page/);
    expect(doc.text).toContain(PARAGRAPHS[0]);
    expect(doc.text).toContain(`第79条：${notice}`);
  });

  it("keeps readability's content, without a warning, when it is most of the page", async () => {
    const doc = await readDocument(utf8(portalPage()));
    expect(doc.warnings).toEqual([]);
    expect(doc.text).not.toContain("相关链接");
  });

  it("refuses a page with no text at all", async () => {
    const page = "<!DOCTYPE html><html><head><title></title></head><body><script>x()</script></body></html>";
    await expectDubanError(readDocument(utf8(page)), ErrorCode.EmptyInput);
  });
});

describe("declaredCharset", () => {
  it.each([
    ['<meta charset="GB2312">', { encoding: "gb18030" }],
    ["<meta charset=gbk>", { encoding: "gb18030" }],
    ['<meta http-equiv="Content-Type" content="text/html; charset=BIG5">', { encoding: "big5" }],
    ['<meta charset="utf-16">', { encoding: "utf-8" }],
    ['<?xml version="1.0" encoding="gb18030"?><html>', { encoding: "gb18030" }],
    ['<meta charset="shift_jis">', { unsupported: "shift_jis" }],
    ['<meta charset="x-no-such">', { unsupported: "x-no-such" }],
  ])("maps %s", (head, expected) => {
    expect(declaredCharset(head)).toEqual(expected);
  });

  it("returns null when nothing is declared", () => {
    expect(declaredCharset("<html><head><title>t</title></head>")).toBeNull();
  });
});
