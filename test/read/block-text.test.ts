import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { blockText } from "../../src/core/read/block-text.js";

function textOf(body: string): string {
  const { document } = parseHTML(
    `<!DOCTYPE html><html><head><title>t</title></head><body>${body}</body></html>`,
  );
  return blockText(document.body);
}

describe("blockText", () => {
  it("gives one line per block element, whatever the nesting", () => {
    expect(textOf("<div><div><p>一</p></div><h2>二</h2><ul><li>三</li><li>四</li></ul></div><p>五</p>")).toBe(
      "一\n二\n三\n四\n五",
    );
  });

  it("keeps inline elements on their line and collapses HTML whitespace, but not ideographic spaces", () => {
    expect(textOf("<p>\n  　　地区生产总值<b>增长</b>  <span>5.5%</span>\n</p>")).toBe(
      "　　地区生产总值增长 5.5%",
    );
  });

  it("makes <br> a line break and collapses runs of blank lines to one", () => {
    expect(textOf("<p>一<br>二<br><br><br><br>三</p><p>&nbsp;</p><p>&nbsp;</p><p>四</p><br><br>")).toBe(
      "一\n二\n\n三\n\n四",
    );
  });

  it("separates table cells by a tab and rows by a newline", () => {
    expect(
      textOf(
        "<table><tr><td>指标</td><td> 2023年 </td><td>增长</td></tr><tr><td>GDP</td><td>100</td><td>5%</td></tr></table>",
      ),
    ).toBe("指标\t2023年\t增长\nGDP\t100\t5%");
  });

  it("drops scripts, styles, hidden elements and form selects", () => {
    expect(
      textOf(
        "<p>正文</p><script>x()</script><style>p{}</style><div hidden>藏</div><div style='display: none'>藏</div><select><option>选项</option></select>",
      ),
    ).toBe("正文");
  });

  it("keeps the line structure of <pre>", () => {
    expect(textOf("<pre>第一行\n第二行\n\n第四行</pre>")).toBe("第一行\n第二行\n\n第四行");
  });

  it("returns text nodes as text: escaped markup stays literal", () => {
    expect(textOf("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;</p>")).toBe(
      "<script>alert(1)</script> &lt;",
    );
  });
});
