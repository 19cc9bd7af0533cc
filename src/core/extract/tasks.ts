import { findDeadline } from "./deadline.js";
import type { Line, RawSection } from "./structure.js";

/** A task in view coordinates. */
export interface ViewTask {
  group: string | null;
  section: number | null;
  deadline: string | null;
  start: number;
  end: number;
}

/** Verbs that commit the government to something concrete. */
const ACTION =
  /建成|建设|推进|实施|开工|启动|完成|新增|新建|改造|提升|打造|培育|引进|招引|落实|开展|加快|推动|促进|深化|健全|完善|加强|强化|实现|创建|争创|举办|出台|制定|扩大|优化|发展|组建|设立|整治|治理|保障|投入|落地|开通|投用|竣工|交付|改革|支持|鼓励|扶持|稳定|保持|做好|抓好|办好|守住|提高|降低|减少|增加|安排|推广|布局|攻坚|谋划|构建|壮大|拓展|突破/u;
/** Openings of exhortation rather than action. */
const EXHORTATION =
  /^(?:让我们|我们(?:要|必须|将坚持)|要坚持|必须|务必|坚持以|坚持把|各级政府|全体政府工作人员|各位代表)/u;

function stripNumbering(s: string): string {
  return s.replace(
    /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9]+[)）]、?|[0-9]{1,2}[、.．]|第[一二三四五六七八九十]+部分[、:：]?)/u,
    "",
  );
}

/** Every concrete action sentence of the plan part, with its group and deadline. */
export function buildTasks(
  text: string,
  lines: Line[],
  sections: RawSection[],
  sectionAt: (pos: number) => number | null,
  planYear: number | null,
): ViewTask[] {
  const tasks: ViewTask[] = [];
  for (const line of lines) {
    if (line.skip) continue;
    const secIndex = sectionAt(line.start);
    const sec = secIndex === null ? null : (sections[secIndex] as RawSection);
    // Tasks live in the plan part, and in a targets part whose heading also names tasks (主要目标和任务).
    if (!sec) continue;
    const taskish =
      sec.role === "plan" ||
      ((sec.role === "targets" || sec.role === "guidance") && /任务/u.test(sec.heading));
    if (!taskish) continue;
    let pos = line.heading ? line.heading.end : line.start;
    let group: string | null =
      sec.level > 1 || sec.heading.length > 0 ? stripNumbering(sec.heading).trim() || null : null;
    let first = true;
    while (pos < line.end) {
      let stop = pos;
      while (stop < line.end && !/[。；;！!]/u.test(text[stop] as string)) stop++;
      const end = Math.min(stop + 1, line.end);
      const sentenceEnd = Math.min(stop, line.end);
      const sentence = text.slice(pos, sentenceEnd);
      const trimmed = sentence.replace(/^[\s,，:：]+/u, "");
      const sStart = pos + (sentence.length - trimmed.length);
      // A short first sentence followed by more is the paragraph's lead phrase: it groups, it is not a task.
      const isLead =
        first &&
        text[stop] === "。" &&
        trimmed.length <= 20 &&
        end < line.end &&
        !/[，,0-9]/u.test(trimmed) &&
        findDeadline(trimmed, 2000) === null;
      if (isLead) group = trimmed;
      else if (trimmed.length >= 6 && ACTION.test(trimmed) && !EXHORTATION.test(trimmed)) {
        tasks.push({
          group,
          section: secIndex,
          deadline: findDeadline(trimmed, planYear),
          start: sStart,
          end: sentenceEnd,
        });
      }
      first = false;
      pos = end;
    }
  }
  return tasks;
}
