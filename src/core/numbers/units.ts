/**
 * Units as data. Each entry is a unit word as written after a number, what kind of quantity it is and,
 * where a base unit applies, the factor to it. A magnitude prefix (万, 亿, 万亿, 千, 百万, 千万) may stand
 * before any unit; it stays part of the unit as written ("万吨") and multiplies the normalized value.
 */
export type UnitClass =
  | "money"
  | "percent"
  | "points"
  | "count"
  | "area"
  | "length"
  | "mass"
  | "volume"
  | "energy"
  | "power"
  | "time"
  | "multiple"
  | "rank"
  | "share"
  | "bare";

export interface UnitDef {
  unit: string;
  cls: UnitClass;
  /** Base unit and factor for `normalized`; absent when none applies. */
  base?: { unit: string; factor: number };
}

const u = (unit: string, cls: UnitClass, baseUnit?: string, factor = 1): UnitDef =>
  baseUnit ? { unit, cls, base: { unit: baseUnit, factor } } : { unit, cls };

export const UNITS: UnitDef[] = [
  u("%", "percent"),
  u("‰", "percent"),
  u("个百分点", "points"),
  u("百分点", "points"),
  u("元", "money", "CNY"),
  u("美元", "money", "USD"),
  u("欧元", "money", "EUR"),
  u("平方米", "area", "m²"),
  u("平方公里", "area", "m²", 1e6),
  u("平方千米", "area", "m²", 1e6),
  u("公顷", "area", "m²", 1e4),
  u("亩", "area", "mu"),
  u("公里", "length", "m", 1000),
  u("千米", "length", "m", 1000),
  u("延米", "length", "m"),
  u("米", "length", "m"),
  u("吨", "mass", "t"),
  u("公斤", "mass", "t", 0.001),
  u("千克", "mass", "t", 0.001),
  u("斤", "mass", "t", 0.0005),
  u("立方米", "volume", "m³"),
  u("微克/立方米", "mass", "μg/m³"),
  u("毫克", "mass", "t", 1e-9),
  u("微克", "mass", "t", 1e-12),
  u("方", "volume", "m³"),
  u("千瓦时", "energy", "kWh"),
  u("度", "energy", "kWh"),
  u("吨标准煤", "energy", "tce"),
  u("吨标煤", "energy", "tce"),
  u("千瓦", "power", "kW"),
  u("兆瓦", "power", "kW", 1000),
  u("千伏安", "power", "kVA"),
  u("标箱", "count", "TEU"),
  u("标准箱", "count", "TEU"),
  u("人次", "count", "person-times"),
  u("家次", "count", "家次"),
  u("人", "count", "persons"),
  u("名", "count", "persons"),
  u("户", "count", "households"),
  u("家", "count", "家"),
  u("个", "count", "个"),
  u("项", "count", "项"),
  u("所", "count", "所"),
  u("座", "count", "座"),
  u("条", "count", "条"),
  u("处", "count", "处"),
  u("套", "count", "套"),
  u("辆", "count", "辆"),
  u("台", "count", "台"),
  u("件", "count", "件"),
  u("次", "count", "次"),
  u("场", "count", "场"),
  u("宗", "count", "宗"),
  u("栋", "count", "栋"),
  u("幢", "count", "幢"),
  u("间", "count", "间"),
  u("张", "count", "张"),
  u("床", "count", "床"),
  u("只", "count", "只"),
  u("头", "count", "头"),
  u("羽", "count", "羽"),
  u("株", "count", "株"),
  u("棵", "count", "棵"),
  u("批", "count", "批"),
  u("支", "count", "支"),
  u("种", "count", "种"),
  u("篇", "count", "篇"),
  u("部", "count", "部"),
  u("册", "count", "册"),
  u("份", "count", "份"),
  u("例", "count", "例"),
  u("起", "count", "起"),
  u("块", "count", "块"),
  u("艘", "count", "艘"),
  u("架", "count", "架"),
  u("列", "count", "列"),
  u("趟", "count", "趟"),
  u("班", "count", "班"),
  u("对", "count", "对"),
  u("组", "count", "组"),
  u("枚", "count", "枚"),
  u("亿", "bare", "1", 1e8),
  u("万", "bare", "1", 1e4),
  u("倍", "multiple"),
  u("成", "share"),
  u("位", "rank"),
  u("天", "time", "days"),
  u("个工作日", "time", "working-days"),
  u("个月", "time", "months"),
  u("小时", "time", "hours"),
  u("分钟", "time", "minutes"),
  u("秒", "time", "seconds"),
  u("年", "time", "years"),
];

/** A unit word followed by one of these characters is part of another word, not a unit (家庭, 人口, 项目). */
export const UNIT_BLOCKERS: Record<string, string> = {
  家: "庭居长园乡属",
  人: "口民员才群士物",
  名: "单称义牌片录额",
  项: "目",
  户: "籍外型口",
  次: "序",
  台: "阶州",
  条: "件例款",
  件: "事",
  处: "理置",
  所: "有以在属",
  个: "人体性",
  万: "物众",
  方: "面式案向法",
  批: "准复",
  起: "来步草点",
  部: "门分署",
};

/** Compound units: a unit followed by one of these nouns is read as one unit ("个床位", "张床位"). */
export const UNIT_NOUN_SUFFIXES = ["床位", "工作日"];

/** Magnitude prefixes that may stand before a unit, longest first. */
export const MAGNITUDES: Array<[string, number]> = [
  ["万亿", 1e12],
  ["千亿", 1e11],
  ["百亿", 1e10],
  ["千万", 1e7],
  ["百万", 1e6],
  ["十万", 1e5],
  ["亿", 1e8],
  ["万", 1e4],
  ["千", 1e3],
];

const byUnit = new Map(UNITS.map((d) => [d.unit, d]));
export const UNIT_WORDS = [...byUnit.keys()].sort((a, b) => b.length - a.length);

export function unitDef(unit: string): UnitDef | undefined {
  return byUnit.get(unit);
}

/** Splits a written unit such as "万吨" into magnitude and base word. */
export function splitUnit(written: string): { magnitude: number; def: UnitDef | undefined } {
  const direct = byUnit.get(written);
  if (direct) return { magnitude: 1, def: direct };
  for (const [prefix, factor] of MAGNITUDES) {
    if (written.startsWith(prefix)) {
      const rest = written.slice(prefix.length);
      const def = byUnit.get(rest);
      if (def) return { magnitude: factor, def };
    }
  }
  return { magnitude: 1, def: undefined };
}

export function normalize(value: number, written: string): { value: number; unit: string } | null {
  const { magnitude, def } = splitUnit(written);
  if (!def?.base) return null;
  if (def.cls === "bare") return { value: roundTo(value * magnitude * def.base.factor), unit: "1" };
  return { value: roundTo(value * magnitude * def.base.factor), unit: def.base.unit };
}

function roundTo(v: number): number {
  return Number(v.toPrecision(12));
}
