import type { Kysely } from "kysely";

/**
 * A starting indicator catalog: the names reports use for the same statistic, grouped. Offices edit it
 * through the API; this only seeds a fresh ledger.
 */
const CATALOG: Array<{ name: string; category: string; unit: string | null; synonyms: string[] }> = [
  {
    name: "地区生产总值",
    category: "经济",
    unit: "亿元",
    synonyms: ["生产总值", "GDP", "国内生产总值", "地区生产总值", "全市生产总值", "经济总量"],
  },
  {
    name: "一般公共预算收入",
    category: "财政",
    unit: "亿元",
    synonyms: [
      "一般公共预算收入",
      "地方一般公共预算收入",
      "公共财政预算收入",
      "财政一般预算收入",
      "一般预算收入",
    ],
  },
  {
    name: "财政总收入",
    category: "财政",
    unit: "亿元",
    synonyms: ["财政总收入", "财政收入", "地方财政总收入"],
  },
  {
    name: "固定资产投资",
    category: "投资",
    unit: "亿元",
    synonyms: ["固定资产投资", "全社会固定资产投资", "城镇固定资产投资"],
  },
  {
    name: "社会消费品零售总额",
    category: "消费",
    unit: "亿元",
    synonyms: ["社会消费品零售总额", "社会消费品零售额"],
  },
  {
    name: "规模以上工业增加值",
    category: "工业",
    unit: "亿元",
    synonyms: ["规上工业增加值", "规模以上工业增加值", "工业增加值"],
  },
  {
    name: "城镇居民人均可支配收入",
    category: "民生",
    unit: "元",
    synonyms: ["城镇居民人均可支配收入", "城镇常住居民人均可支配收入", "城镇人均可支配收入"],
  },
  {
    name: "农村居民人均可支配收入",
    category: "民生",
    unit: "元",
    synonyms: ["农村居民人均可支配收入", "农村常住居民人均可支配收入", "农民人均纯收入"],
  },
  { name: "城镇新增就业", category: "就业", unit: "万人", synonyms: ["城镇新增就业", "新增城镇就业"] },
  { name: "城镇调查失业率", category: "就业", unit: "%", synonyms: ["城镇调查失业率", "城镇登记失业率"] },
  {
    name: "居民消费价格涨幅",
    category: "价格",
    unit: "%",
    synonyms: ["居民消费价格", "居民消费价格涨幅", "CPI"],
  },
  {
    name: "进出口总额",
    category: "开放",
    unit: "亿元",
    synonyms: ["进出口总额", "外贸进出口", "外贸进出口总额", "自营进出口"],
  },
  { name: "实际利用外资", category: "开放", unit: "亿美元", synonyms: ["实际利用外资", "实际使用外资"] },
  { name: "粮食产量", category: "农业", unit: "万吨", synonyms: ["粮食产量", "粮食总产量"] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const now = new Date().toISOString();
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema of their time
  const k = db as Kysely<any>;
  for (const [i, item] of CATALOG.entries()) {
    const id = `ind-${String(i + 1).padStart(3, "0")}`;
    await k
      .insertInto("indicators")
      .values({ id, name: item.name, category: item.category, unit: item.unit, created_at: now, version: 1 })
      .execute();
    for (const synonym of new Set(item.synonyms))
      await k.insertInto("indicator_synonyms").values({ synonym, indicator_id: id }).execute();
  }
}
