/**
 * Encoders for GBK and Big5, built by inverting Node's own decoders over every two-byte sequence: Node only
 * encodes UTF-8, and fixtures must be generated, not trusted from elsewhere.
 */
const tables = new Map<string, Map<string, number[]>>();

function table(encoding: "gbk" | "big5"): Map<string, number[]> {
  let t = tables.get(encoding);
  if (t) return t;
  t = new Map();
  const decoder = new TextDecoder(encoding);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const c = decoder.decode(new Uint8Array([lead, trail]));
      // Keep the first (standard) code for characters that several sequences decode to.
      if (c.length >= 1 && !c.includes("\uFFFD") && [...c].length === 1 && !t.has(c)) t.set(c, [lead, trail]);
    }
  }
  tables.set(encoding, t);
  return t;
}

export function encodeLegacy(text: string, encoding: "gbk" | "big5"): Uint8Array {
  const t = table(encoding);
  const out: number[] = [];
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const bytes = t.get(c);
    if (!bytes) throw new Error(`${JSON.stringify(c)} has no ${encoding} encoding`);
    out.push(...bytes);
  }
  return new Uint8Array(out);
}

export function encodeUtf16(text: string, endian: "le" | "be", bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, endian === "le");
    at = 2;
  }
  for (let i = 0; i < text.length; i++, at += 2) view.setUint16(at, text.charCodeAt(i), endian === "le");
  return out;
}
