/** Elements that start and end a line of their own. */
const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "caption",
  "center",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "legend",
  "li",
  "main",
  "menu",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "tfoot",
  "thead",
  "tr",
  "ul",
]);

/** Never part of the reading text. */
const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "title",
  "iframe",
  "object",
  "svg",
  "canvas",
  "select",
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

function isHidden(el: Element): boolean {
  return el.hasAttribute("hidden") || /display\s*:\s*none/i.test(el.getAttribute("style") ?? "");
}

class Lines {
  private readonly done: string[] = [];
  private current = "";

  append(text: string): void {
    this.current += text;
  }

  /** End the line if it has content: closing a block after a <br> must not add a blank line, but a
   *  <p>&nbsp;</p> spacer is a blank line on purpose. */
  soft(): void {
    if (/[^ \t\n\r\f]/.test(this.current)) this.done.push(this.current);
    this.current = "";
  }

  /** <br>: always a line, even an empty one (pages space paragraphs with <br><br>). */
  hard(): void {
    this.done.push(this.current);
    this.current = "";
  }

  cell(): void {
    if (/\S/.test(this.current)) this.current += "\t";
  }

  finish(): string {
    this.soft();
    const out: string[] = [];
    for (const raw of this.done) {
      const line = raw
        .replace(/\u00a0/g, " ")
        .replace(/ {2,}/g, " ")
        .replace(/ *\t */g, "\t")
        .replace(/^[ \t]+|[ \t]+$/g, "");
      if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
      out.push(line);
    }
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out.join("\n");
  }
}

function walk(node: Node, lines: Lines, inPre: boolean): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE) {
      const value = child.nodeValue ?? "";
      if (inPre) {
        const parts = value.split(/\r\n|\r|\n/);
        parts.forEach((part, i) => {
          if (i > 0) lines.hard();
          lines.append(part);
        });
      } else {
        lines.append(value.replace(/[ \t\n\r\f]+/g, " "));
      }
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue;
    const el = child as Element;
    const tag = el.localName.toLowerCase();
    if (SKIP.has(tag) || isHidden(el)) continue;
    if (tag === "br") {
      lines.hard();
      continue;
    }
    if (tag === "td" || tag === "th") {
      lines.cell();
      walk(el, lines, inPre);
      continue;
    }
    const block = BLOCK.has(tag);
    if (block) lines.soft();
    walk(el, lines, inPre || tag === "pre");
    if (block) lines.soft();
  }
}

/**
 * Plain text of a DOM subtree with one line per block element, table cells separated by a tab, and at
 * most one blank line in a row. Text nodes are taken as text, so an escaped "&lt;script&gt;" in the page
 * stays the literal "<script>".
 */
export function blockText(root: Node): string {
  const lines = new Lines();
  walk(root, lines, false);
  return lines.finish();
}
