import { blockText } from "./block-text.js";
import type { TextEncoding } from "./text.js";
import type { DecodedDocument } from "./types.js";

export type DeclaredCharset = { encoding: TextEncoding } | { unsupported: string };

const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i;
const XML_ENCODING = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)/i;

/**
 * The charset a page declares in `<meta charset>`, `<meta http-equiv="Content-Type">` or an XML declaration,
 * mapped to an encoding duban reads. `head` is the start of the file viewed as Latin-1, so tags are ASCII.
 */
export function declaredCharset(head: string): DeclaredCharset | null {
  const start = head.slice(0, 16384);
  const label = start.match(META_CHARSET)?.[1] ?? start.match(XML_ENCODING)?.[1];
  if (!label) return null;
  let canonical: string;
  try {
    canonical = new TextDecoder(label).encoding;
  } catch {
    return { unsupported: label };
  }
  switch (canonical) {
    case "utf-8":
    // A page that was readable as ASCII to find this tag is not UTF-16, whatever it says (HTML spec).
    case "utf-16le":
    case "utf-16be":
      return { encoding: "utf-8" };
    case "gbk":
    case "gb18030":
      return { encoding: "gb18030" };
    case "big5":
      return { encoding: "big5" };
    default:
      return { unsupported: label };
  }
}

const DROPPED = /<!--[\s\S]*?-->|<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/**
 * linkedom builds a tree from the tags it is given and does not add the <html>/<body> an HTML5 parser
 * implies, so a page without <body> (or a bare fragment) would come out with an empty body. Rebuild a
 * complete document around the page's body and title.
 */
function wellFormed(html: string): string {
  const source = html.replace(DROPPED, "");
  const title = source.match(/<title\b[^>]*>([\s\S]*?)<\/title\s*>/i)?.[1] ?? "";
  let body: string;
  const open = source.match(/<body\b[^>]*>/i);
  if (open?.index !== undefined) {
    body = source.slice(open.index + open[0].length);
    const close = body.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
    if (close >= 0) body = body.slice(0, close);
  } else {
    const headEnd = source.search(/<\/head\s*>/i);
    body = (headEnd >= 0 ? source.slice(headEnd) : source).replace(
      /<!doctype[^>]*>|<\/?(?:html|head)\b[^>]*>|<title\b[^>]*>[\s\S]*?<\/title\s*>|<(?:meta|link|base)\b[^>]*>/gi,
      "",
    );
  }
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`;
}

const nonSpaceLength = (s: string): number => s.replace(/\s+/g, "").length;

/** Readability keeps less than this share of the page's text: it picked a fragment, not the report. */
const MIN_ARTICLE_SHARE = 0.3;

/**
 * The page's main content (Mozilla Readability), as lines of plain text. The <title> leads the text when the
 * content does not repeat it: titles carry the report's year and region, which metadata needs.
 */
export async function readHtml(
  html: string,
  encoding: TextEncoding,
  warnings: string[],
): Promise<DecodedDocument> {
  const [{ parseHTML }, { Readability }] = await Promise.all([
    import("linkedom"),
    import("@mozilla/readability"),
  ]);
  const { document } = parseHTML(wellFormed(html));
  const title = (document.title ?? "").replace(/\s+/g, " ").trim();
  const bodyText = document.body ? blockText(document.body) : "";

  let articleText = "";
  try {
    const article = new Readability<Node>(document, { serializer: (node) => node }).parse();
    if (article?.content) articleText = blockText(article.content);
  } catch {
    // Readability gives up on some malformed trees; the whole body is still there to read.
  }

  let text = articleText;
  const articleLength = nonSpaceLength(articleText);
  const bodyLength = nonSpaceLength(bodyText);
  if (articleLength === 0 || articleLength < bodyLength * MIN_ARTICLE_SHARE) {
    text = bodyText;
    if (articleLength === 0 && bodyLength > 0) {
      warnings.push("readability found no main content; used the text of the whole page");
    } else if (bodyLength > 0) {
      const share = Math.round((articleLength / bodyLength) * 100);
      warnings.push(
        `readability's main content was only ${share}% of the page's text; used the text of the whole page`,
      );
    }
  }
  if (title && !text.replace(/\s+/g, "").includes(title.replace(/\s+/g, ""))) {
    text = text ? `${title}\n${text}` : title;
  }
  return { text, format: "html", encoding, warnings };
}
