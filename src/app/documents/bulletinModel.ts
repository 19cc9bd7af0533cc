import type { BulletinModel, BulletinQuery } from "../../contract/api/documents.js";
import { daysBetween, shanghaiDay, shanghaiMidnight } from "../../core/calendar/index.js";
import { computeStatus } from "../../core/supervise/status.js";
import { zhDay } from "../../core/supervise/zhDate.js";
import type { AppContext } from "../context.js";
import { loadRegionPeriod, type RegionPeriod } from "../scoring/computeScores.js";
import { latestProgress } from "../scoring/facts.js";

const HIGHLIGHTS = 10;

/** The instant a day is judged at: now while it is today, else the last moment of that day (Shanghai). */
function judgedAt(rp: RegionPeriod, now: Date): Date {
  return rp.end === rp.asOf ? now : new Date(shanghaiMidnight(rp.end).getTime() + 86_399_000);
}

/**
 * The 通报 of a region's period as a model (figures as they stood on the period's last day, or today while it
 * runs): totals and 办结率, the department table with scores and ranks, the overdue list, and highlights.
 */
export async function bulletinModel(ctx: AppContext, query: BulletinQuery): Promise<BulletinModel> {
  return modelOf(await loadRegionPeriod(ctx, query), ctx.now());
}

export function modelOf(rp: RegionPeriod, now: Date): BulletinModel {
  const { end, period, facts, setting, scores } = rp;
  const at = judgedAt(rp, now);
  const name = (id: string) => facts.departments.get(id)?.name ?? id;
  const summary = { tasks: 0, closed: 0, onSchedule: 0, behind: 0, overdue: 0, closedRate: 0 };
  const overdue: BulletinModel["overdue"] = [];
  const closedEarly: (BulletinModel["highlights"]["closedEarly"][number] & { order: number })[] = [];
  const minEarly = scores.rubric.rubric.closedEarly.minDays;

  for (const a of facts.assignments) {
    if (a.assignedDay > end) continue;
    summary.tasks++;
    const closed = a.closedDay !== null && a.closedDay <= end;
    if (closed) {
      summary.closed++;
      const early = a.deadline === null || a.closedDay === null ? 0 : daysBetween(a.closedDay, a.deadline);
      if (a.closedDay !== null && a.closedDay >= period.from && early >= minEarly)
        closedEarly.push({
          taskText: a.taskText,
          leadDepartment: name(a.leadDepartmentId),
          daysEarly: early,
          closedOn: a.closedDay,
          order: closedEarly.length,
        });
      continue;
    }
    const status = computeStatus(
      {
        // Closed after the day judged: it was still being worked on then.
        status: a.status === "closed" ? "in_progress" : a.status,
        assignedAt: a.assignedAt,
        deadline: a.writtenDeadline,
        percent: latestProgress(a, end)?.percent ?? null,
        milestones: a.milestones.map((m) => ({
          dueDate: m.dueDate,
          doneAt: m.doneAt !== null && shanghaiDay(new Date(m.doneAt)) <= end ? m.doneAt : null,
        })),
        closedAt: null,
      },
      setting.rulesFor(a.regionId, end),
      setting.calendar,
      at,
    );
    if (status.code === "overdue") {
      summary.overdue++;
      overdue.push({
        assignmentId: a.id,
        taskText: a.taskText,
        leadDepartment: name(a.leadDepartmentId),
        deadline: a.writtenDeadline ?? "",
        daysOverdue: status.daysOverdue,
      });
    } else if (status.code === "behind" || status.code === "milestone_overdue") summary.behind++;
    else summary.onSchedule++;
  }
  summary.closedRate = summary.tasks === 0 ? 0 : Math.round((summary.closed / summary.tasks) * 1000) / 10;
  overdue.sort(
    (x, y) => y.daysOverdue - x.daysOverdue || x.leadDepartment.localeCompare(y.leadDepartment, "zh-CN"),
  );
  closedEarly.sort((x, y) => y.daysEarly - x.daysEarly || x.order - y.order);

  const departments = scores.departments.map((d) => ({
    departmentId: d.department.id,
    name: d.department.name,
    assigned: d.assigned,
    closed: d.closed,
    overdue: d.overdue,
    score: d.score,
    rank: d.rank,
  }));
  const region = rp.region.name;
  return {
    title: `${region}${period.label}重点任务督办情况通报`,
    region: { id: rp.region.id, name: region },
    period: scores.period,
    asOf: end,
    issuedOn: rp.asOf,
    issuer: `${region}督查室`,
    summary,
    lead:
      `截至${zhDay(end)}，${region}共交办重点任务${summary.tasks}项，已办结${summary.closed}项，` +
      `办结率${summary.closedRate}%；正常推进${summary.onSchedule}项，进度滞后${summary.behind}项，` +
      `逾期未办结${summary.overdue}项。`,
    departments,
    overdue,
    highlights: {
      closedEarly: closedEarly.slice(0, HIGHLIGHTS).map(({ order: _order, ...c }) => c),
      bestRanked: departments
        .filter((d) => d.rank <= 3)
        .slice(0, HIGHLIGHTS)
        .map((d) => ({ name: d.name, score: d.score, rank: d.rank })),
    },
    rubricVersion: scores.rubric.version,
  };
}
