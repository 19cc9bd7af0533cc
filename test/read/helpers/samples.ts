/** A paragraph in the style of a work report, with CRLF line endings as many GBK-era files have. */
export const SIMPLIFIED_CRLF =
  "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。\r\n" +
  "一、2023年工作回顾\r\n" +
  "过去一年，全市地区生产总值增长5.5%，一般公共预算收入增长8.2%，城乡居民人均可支配收入分别增长4.8%和7.1%。\r\n" +
  "二、2024年主要目标：经济增长6%左右，推动高质量发展，持续改善民生。\r\n";

/** The same paragraph in traditional characters (typed, not produced by the converter under test). */
export const TRADITIONAL =
  "各位代表：現在，我代表市人民政府，向大會報告工作，請予審議，並請市政協委員提出意見。\n" +
  "一、2023年工作回顧\n" +
  "過去一年，全市地區生產總值增長5.5%，一般公共預算收入增長8.2%，城鄉居民人均可支配收入分別增長4.8%和7.1%。\n" +
  "二、2024年主要目標：經濟增長6%左右，推動高質量發展，持續改善民生。\n";

export const SIMPLIFIED_LF = SIMPLIFIED_CRLF.replace(/\r\n/g, "\n");

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
