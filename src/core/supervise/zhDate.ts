/** Days as Chinese documents write them. */

/** 2026年3月1日 */
export function zhDay(day: string): string {
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** A deadline: the last day of a month is "2026年6月底", any other day "2026年6月15日". */
export function zhDeadline(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Number(day.slice(8, 10)) === last ? `${y}年${m}月底` : zhDay(day);
}
