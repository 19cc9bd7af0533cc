/** Deadlines written in task text → ISO dates. The patterns are data; the plan year fills in the year. */

const MONTH_WORD: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};

function iso(y: number, m: number, d?: number): string {
  const day = d ?? new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function month(s: string): number | null {
  const n = /^[0-9]+$/.test(s) ? Number(s) : MONTH_WORD[s];
  return n !== undefined && n >= 1 && n <= 12 ? n : null;
}

type Rule = [RegExp, (m: RegExpExecArray, planYear: number) => string | null];

const RULES: Rule[] = [
  [
    /((?:19|20)[0-9]{2})年([0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:底|末)?前?/u,
    (m) => {
      const mo = month(m[2] as string);
      return mo ? iso(Number(m[1]), mo) : null;
    },
  ],
  [
    /(?:到|至|于)?((?:19|20)[0-9]{2})年(?:底|末)?(?:前|以前)?(?:建成|完成|实现|基本|全面|全部|达到|力争|确保|,|，)/u,
    (m) => iso(Number(m[1]), 12),
  ],
  [/(?:到|至)((?:19|20)[0-9]{2})年/u, (m) => iso(Number(m[1]), 12)],
  [
    /(?:^|[^0-9])([0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:底|末|份)(?:前|以前)?/u,
    (m, y) => {
      const mo = month(m[1] as string);
      return mo ? iso(y, mo) : null;
    },
  ],
  [/(?:第)?一季度/u, (_m, y) => iso(y, 3)],
  [/上半年/u, (_m, y) => iso(y, 6)],
  [/(?:第)?二季度/u, (_m, y) => iso(y, 6)],
  [/(?:第)?三季度/u, (_m, y) => iso(y, 9)],
  [/年内|年底前|年底|今年底|年末|下半年|(?:第)?四季度|当年/u, (_m, y) => iso(y, 12)],
];

export function findDeadline(text: string, planYear: number | null): string | null {
  for (const [re, build] of RULES) {
    const m = re.exec(text);
    if (!m) continue;
    const explicitYear = /^(?:到|至|于)?(?:19|20)[0-9]{2}/u.test(m[0].replace(/^[^0-9到至于]/u, ""));
    if (!explicitYear && planYear === null) continue;
    const out = build(m, planYear ?? 0);
    if (out) return out;
  }
  return null;
}
