/**
 * A made-up 2027 notice in the official layout (the real one was not published when this was written): its
 * dates and weekdays are consistent, nothing more. Against the built-in 2027 entry (statutory days only) it
 * needs 11 weekday holidays and 6 working weekends as overrides.
 */
export const NOTICE_2027 = [
  "国务院办公厅关于2027年部分节假日安排的通知",
  "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
  "　　经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。",
  "　　一、元旦：1月1日（周五）至3日（周日）放假，共3天。",
  "　　二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月14日（周日）、2月20日（周六）上班。",
  "　　三、清明节：4月3日（周六）至5日（周一）放假，共3天。",
  "　　四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。",
  "　　五、端午节：6月9日（周三）放假1天，不调休。",
  "　　六、中秋节：9月15日（周三）放假1天，不调休。",
  "　　七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。",
  "　　节假日期间，各地区、各部门要安排好值班和安全保卫工作。",
  "国务院办公厅",
  "2026年11月10日",
].join("\n");

export const SOURCE_2027 = "国务院办公厅关于2027年部分节假日安排的通知（2026年11月10日）";

const holiday = (name: string) => ({ kind: "holiday", name });
/** The overrides the notice needs on an empty ledger, worked out by hand from the weekdays. */
export const OVERRIDES_2027: Record<string, { kind: string; name: string | null }> = {
  "2027-02-09": holiday("春节"),
  "2027-02-10": holiday("春节"),
  "2027-02-11": holiday("春节"),
  "2027-02-12": holiday("春节"),
  "2027-02-14": { kind: "workday", name: null },
  "2027-02-20": { kind: "workday", name: null },
  "2027-04-25": { kind: "workday", name: null },
  "2027-05-03": holiday("劳动节"),
  "2027-05-04": holiday("劳动节"),
  "2027-05-05": holiday("劳动节"),
  "2027-05-08": { kind: "workday", name: null },
  "2027-09-26": { kind: "workday", name: null },
  "2027-10-04": holiday("国庆节"),
  "2027-10-05": holiday("国庆节"),
  "2027-10-06": holiday("国庆节"),
  "2027-10-07": holiday("国庆节"),
  "2027-10-09": { kind: "workday", name: null },
};
