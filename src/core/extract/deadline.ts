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

/** Words a 分解表 writes for work without a fixed date (长期坚持, 持续推进 …): no deadline. */
const NO_DEADLINE = /^(?:长期|长期坚持|长期推进|持续推进|持续|常态化|常态化推进|按期推进|无)$/u;

const FULL_WIDTH_DIGIT = /[０-９]/gu;

/** A deadline as a person writes it in one cell, normalized: half-width digits, no spaces, no trailing 前. */
function normalizeCell(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/gu, "")
    .replace(/[．。]/gu, ".")
    .replace(/[／]/gu, "/")
    .replace(/[－—–]/gu, "-")
    .replace(/(?:之前|以前|前)$/u, "");
}

function validDay(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return iso(y, m, d);
}

const YEAR = "((?:19|20)[0-9]{2})";
const MONTH = "([0-9]{1,2}|[一二三四五六七八九十]{1,3})";

type CellRule = [RegExp, (m: RegExpExecArray, planYear: number | null) => string | null];

const CELL_RULES: CellRule[] = [
  [
    new RegExp(`^${YEAR}[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})日?$`, "u"),
    (m) => validDay(Number(m[1]), Number(m[2]), Number(m[3])),
  ],
  [
    new RegExp(`^${YEAR}年([0-9]{1,2})月([0-9]{1,2})[日号]$`, "u"),
    (m) => validDay(Number(m[1]), Number(m[2]), Number(m[3])),
  ],
  [
    new RegExp(`^${YEAR}年${MONTH}月(?:底|末|份|中旬|下旬)?$`, "u"),
    (m) => {
      const mo = month(m[2] as string);
      return mo ? iso(Number(m[1]), mo) : null;
    },
  ],
  [
    new RegExp(`^${YEAR}[-/.]([0-9]{1,2})$`, "u"),
    (m) => {
      const mo = month(m[2] as string);
      return mo ? iso(Number(m[1]), mo) : null;
    },
  ],
  [new RegExp(`^${YEAR}年?(?:底|末|年底|年末|全年|内)?$`, "u"), (m) => iso(Number(m[1]), 12)],
  [new RegExp(`^${YEAR}年(?:上半年|第?二季度)$`, "u"), (m) => iso(Number(m[1]), 6)],
  [new RegExp(`^${YEAR}年第?一季度$`, "u"), (m) => iso(Number(m[1]), 3)],
  [new RegExp(`^${YEAR}年第?三季度$`, "u"), (m) => iso(Number(m[1]), 9)],
  [new RegExp(`^${YEAR}年(?:下半年|第?四季度)$`, "u"), (m) => iso(Number(m[1]), 12)],
  [
    new RegExp(`^${MONTH}月(?:底|末|份)?$`, "u"),
    (m, y) => {
      const mo = month(m[1] as string);
      return mo && y !== null ? iso(y, mo) : null;
    },
  ],
  [
    /^([0-9]{1,2})月([0-9]{1,2})[日号]$/u,
    (m, y) => (y === null ? null : validDay(y, Number(m[1]), Number(m[2]))),
  ],
  [/^(?:第?一季度)$/u, (_m, y) => (y === null ? null : iso(y, 3))],
  [/^(?:上半年|第?二季度)$/u, (_m, y) => (y === null ? null : iso(y, 6))],
  [/^(?:第?三季度)$/u, (_m, y) => (y === null ? null : iso(y, 9))],
  [/^(?:年底|年末|年内|今年底|全年|下半年|第?四季度)$/u, (_m, y) => (y === null ? null : iso(y, 12))],
];

export type CellDeadline = { ok: true; deadline: string | null } | { ok: false };

/**
 * A deadline written in one cell of a 分解表: "2026年6月底", "2026-06-30", "2026/6/30", "2026年6月", "6月底"
 * (the plan year), "年底", "2026年三季度"; "长期坚持" and an empty cell mean no deadline. The whole cell must
 * be a deadline: anything else is not understood (ok: false) rather than guessed.
 */
export function parseDeadlineCell(text: string, planYear: number | null): CellDeadline {
  const s = normalizeCell(text);
  if (s === "" || NO_DEADLINE.test(s)) return { ok: true, deadline: null };
  for (const [re, build] of CELL_RULES) {
    const m = re.exec(s);
    if (!m) continue;
    const out = build(m, planYear);
    return out ? { ok: true, deadline: out } : { ok: false };
  }
  return { ok: false };
}

/** An ISO deadline as a 分解表 writes it: the last day of a month "2026年6月底", any other day "2026年6月15日". */
export function deadlineText(isoDate: string | null): string {
  if (!isoDate) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d === last ? `${y}年${mo}月底` : `${y}年${mo}月${d}日`;
}
