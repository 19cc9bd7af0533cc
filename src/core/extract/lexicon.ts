/**
 * Word tables the extractor reads. Rules elsewhere stay general; what varies between reports lives here.
 */

/** Standard statistical indicators, longest first when matched. Reports name them in many ways; a fact's
 *  indicator is taken from this list when its clause contains one, else from the clause's own noun phrase. */
export const KNOWN_INDICATORS = [
  "地区生产总值", "国内生产总值", "生产总值", "GDP",
  "一般公共预算收入", "地方一般公共预算收入", "一般公共预算支出", "财政总收入", "财政收入", "财政支出",
  "税收收入", "地方财政收入", "财政一般预算收入", "公共财政预算收入",
  "规上工业增加值", "规模以上工业增加值", "工业增加值", "服务业增加值", "农林牧渔业增加值", "数字经济核心产业增加值",
  "固定资产投资", "工业投资", "民间投资", "制造业投资", "基础设施投资", "房地产开发投资", "社会投资",
  "社会消费品零售总额", "进出口总额", "出口总额", "进口总额", "外贸进出口", "自营进出口",
  "实际利用外资", "实际使用外资", "合同利用外资",
  "城镇居民人均可支配收入", "农村居民人均可支配收入", "居民人均可支配收入", "农民人均纯收入",
  "城镇常住居民人均可支配收入", "农村常住居民人均可支配收入",
  "城镇新增就业", "城镇登记失业率", "城镇调查失业率", "居民消费价格", "研发经费投入",
  "单位生产总值能耗", "单位地区生产总值能耗", "粮食产量", "粮食总产量", "常住人口城镇化率", "城镇化率",
  "高新技术产业增加值", "战略性新兴产业增加值", "金融机构本外币存款余额", "金融机构本外币贷款余额",
  "旅游总收入", "接待游客",
];

/** Words that say whose figure it is; they go to `subject`, not into the indicator. */
export const SUBJECTS = [
  "全市", "市级", "市本级", "全区", "区级", "全县", "县级", "全省", "省级", "全国", "中央", "地方", "全旗", "全州",
  "核心区", "主城区", "城区", "全镇", "全乡",
];

/** Leading words stripped from an indicator phrase: connectives, verbs and time words. */
export const INDICATOR_LEAD_STRIP = [
  "其中", "同时", "此外", "另外", "全年", "今年", "去年", "上年", "当年", "年内", "一年来", "五年来", "累计", "共",
  "我们", "共计", "合计", "总计", "预计", "力争", "确保", "争取", "努力", "全力", "计划", "预期", "目标",
  "实现", "完成", "达到", "达", "带动", "推动", "促进", "拉动", "实施", "开展", "组织", "举办", "发放", "兑现",
  "争取", "引进", "招引", "培育", "创建", "获评", "入选", "选派", "落实", "安排", "投入", "实现了", "完成了",
  "有", "和", "及", "与", "以及", "并", "且", "为", "是", "在", "对", "把", "将", "使", "让", "已", "已经", "又",
  "再", "还", "均", "都", "各", "分别用", "分别", "主要", "全面", "基本", "年均", "平均", "连续", "提前", "用", "发放", "进入",
];

/** Trailing words stripped from an indicator phrase (verbs between the indicator and the figure). */
export const INDICATOR_TAIL_STRIP = [
  "分别增长", "分别下降", "分别达到", "分别为", "分别是", "分别", "同比增长", "同比下降", "比上年增长", "比上年下降",
  "比上年增加", "比上年减少", "比上年提高", "比上年", "比去年", "较上年", "同比", "年均增长", "年均",
  "增长", "下降", "提高", "降低", "增加", "减少", "上升", "回落", "扩大", "缩小", "缩减", "压缩", "提升", "上涨", "涨幅",
  "达到", "达", "突破", "超过", "超", "实现", "完成", "为", "是", "在", "至", "到", "控制在", "保持在", "稳定在",
  "累计", "共", "总计", "合计", "新增", "约", "近", "逾", "约为", "占", "均", "分别达", "已", "全部", "有", "以上",
];

/** Verbs that make a figure a change (growth, decline) rather than a level. Negative ones flip the sign. */
export const CHANGE_VERBS_UP = ["增长", "增加", "提高", "上升", "提升", "上涨", "扩大", "增速", "增幅", "涨幅", "增", "多"];
export const CHANGE_VERBS_DOWN = ["下降", "降低", "减少", "回落", "缩小", "缩减", "压缩", "降", "减", "下调", "少"];

/** Cues that a figure is planned or expected, not achieved. */
export const TARGET_CUES = [
  "力争", "确保", "预期", "目标", "计划", "争取", "拟", "将", "要", "努力", "预计", "安排", "规划", "全年", "今年",
  "到20", "以上", "左右", "控制在", "不低于", "不超过", "新增",
];
/** Cues that a figure is achieved or observed. */
export const ACTUAL_CUES = ["去年", "上年", "过去一年", "已", "已经", "累计", "完成了", "实现了", "达到了", "比上年", "同比", "一年来", "五年来"];

/** Heading words → section role. Checked in this order. */
export const ROLE_RULES: Array<[RegExp, "review" | "problems" | "guidance" | "targets" | "plan" | "outlook"]> = [
  [/展望|远景|未来五年|十[一二三四五六]五.{0,8}(?:时期|规划|期间)|五年(?:规划|目标)/u, "outlook"],
  [/重点工作|主要任务|工作安排|重点任务|工作任务|工作部署|工作打算|工作计划/u, "plan"],
  [/回顾|工作总结|主要工作|主要成[就绩效]|发展成[就绩]|过去(?:一|五)年|工作情况|成绩/u, "review"],
  [/问题|困难|不足|差距|挑战|短板/u, "problems"],
  [/预期目标|主要目标|目标任务|发展目标|主要指标/u, "targets"],
  [/总体要求|指导思想|总体思路|政策取向|工作思路|基本思路|总体部署|工作要求|总体考虑/u, "guidance"],
  [/自身建设/u, "plan"],
];

/** Page furniture: lines that belong to the web page, not to the report. */
export const FURNITURE_LINE = new RegExp(
  [
    "^(?:标题|年份|来源|信息来源|文章来源|发布时间|发布日期|发文日期|成文日期|作者|责任编辑|编辑|浏览次数|点击数|阅读次数|字体|字号|分享|打印|关闭|首页|当前位置|您当前的位置|相关链接|相关附件|相关推荐|上一篇|下一篇|索引号|主题分类|文号|发布机构|公开方式|组配分类|公开范围|扫一扫|【)",
    "ICP备|公网安备|网站标识码|版权所有|主办单位|承办单位|技术支持|联系电话|打印本页|关闭窗口|Copyright|©|试读结束|微信|客服|扫码|举报|转载|侵权|本站|返回顶部|www\\.|https?:",
  ].join("|"),
  "u",
);
