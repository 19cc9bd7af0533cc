import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import OpenCC from "opencc-js";
import { describe, expect, it } from "vitest";
import { detectScript, toSimplified } from "../../src/core/read/index.js";
import { SIMPLIFIED_LF, TRADITIONAL } from "./helpers/samples.js";

const corpusFile = fileURLToPath(new URL("../../../shared/corpus/national_china_2023.txt", import.meta.url));

describe("detectScript", () => {
  it("says simplified for simplified text and traditional for traditional text", () => {
    expect(detectScript(SIMPLIFIED_LF)).toBe("simplified");
    expect(detectScript(TRADITIONAL)).toBe("traditional");
  });

  it("says simplified for text without Han characters", () => {
    expect(detectScript("GDP +5.2% (2023)")).toBe("simplified");
    expect(detectScript("")).toBe("simplified");
  });

  it("is not swayed by a few traditional names quoted in simplified prose", () => {
    expect(detectScript(`${SIMPLIFIED_LF}与臺灣、香港的經貿往來不断加深。`)).toBe("simplified");
  });

  it("recognises Taiwan- and Hong Kong-style traditional text", () => {
    expect(detectScript("臺灣地區經濟成長率為百分之三，著重發展半導體產業。")).toBe("traditional");
    expect(detectScript("香港特區政府衞生署公佈，本港經濟增長百分之三點二。")).toBe("traditional");
  });
});

describe("toSimplified", () => {
  it("converts traditional report text to its simplified original", () => {
    expect(toSimplified(TRADITIONAL)).toBe(SIMPLIFIED_LF);
  });

  it("leaves simplified text unchanged", () => {
    expect(toSimplified(SIMPLIFIED_LF)).toBe(SIMPLIFIED_LF);
  });

  it("reads Taiwan and Hong Kong variants as well as OpenCC-standard traditional", () => {
    expect(toSimplified("著重發展")).toBe("着重发展");
    expect(toSimplified("衞生")).toBe("卫生");
    expect(toSimplified("爲人民服務")).toBe("为人民服务");
  });

  it("converts by phrase, not only by character: 乾燥 becomes 干燥 but the emperor 乾隆 stays", () => {
    expect(toSimplified("乾燥")).toBe("干燥");
    expect(toSimplified("乾隆")).toBe("乾隆");
  });

  it("always returns the same length, so offsets map back to the original", () => {
    // 㗲's simplified form 𠵾 is outside the BMP (two UTF-16 units): it must stay as it is.
    const samples = [TRADITIONAL, "㗲", "二噁英", "𠀀𠮷臺灣", "\uD800", "a\r\nb", "豈更車賈", "⿰氵青"];
    for (const s of samples) expect(toSimplified(s)).toHaveLength(s.length);
    expect(toSimplified("㗲")).toBe("㗲");
  });

  it("normalises CJK compatibility ideographs, which PDF extraction produces, to unified ones", () => {
    expect(toSimplified("\uF963")).toBe("北");
  });

  it.skipIf(!existsSync(corpusFile))(
    "reads a whole report converted to Taiwan and Hong Kong traditional back to its simplified original",
    () => {
      const simplified = readFileSync(corpusFile, "utf8");
      for (const to of ["tw", "hk"] as const) {
        const traditional = OpenCC.Converter({ from: "cn", to })(simplified);
        expect(traditional).toHaveLength(simplified.length);
        const back = toSimplified(traditional);
        const wrong = [...back].filter((c, i) => c !== simplified[i]).length;
        expect(wrong, `${to}: ${wrong} characters differ`).toBe(0);
      }
    },
  );

  // Its speed is measured by `npm run bench` (reading and extraction of the corpus), not here.
  it("converts 1 MB of text at the same length", () => {
    let big = "";
    while (big.length < 1024 * 1024) big += TRADITIONAL;
    const out = toSimplified(big);
    expect(out).toHaveLength(big.length);
    expect(out.slice(0, TRADITIONAL.length)).toBe(toSimplified(TRADITIONAL));
  });
});
