import type { TaskDetail } from "../../contract/api/tasks.js";
import { errors } from "../../core/errors.js";
import { correctionsOfFacts } from "../../db/repos/corrections.js";
import { factsByExtIds } from "../../db/repos/facts.js";
import { getReportAccess } from "../../db/repos/reports.js";
import { getTask as getTaskRow } from "../../db/repos/tasks.js";
import type { AppContext } from "../context.js";
import { correctionsByFact, presentFact } from "../facts/present.js";
import { canSeeReport, memberScope } from "../reports/access.js";
import { factExtIds, factIdIndex, presentTask } from "./present.js";

/** One task with the facts (quantitative targets) stated inside it. */
export async function getTask(ctx: AppContext, id: string): Promise<TaskDetail> {
  const scope = memberScope(ctx);
  const q = ctx.db.kysely;
  const task = await getTaskRow(q, id);
  const report = task && (await getReportAccess(q, task.report_id));
  if (!task || !report || !canSeeReport(scope, report)) throw errors.notFound("task", id);
  const facts = await factsByExtIds(q, [task.report_id], factExtIds(task));
  const byFact = correctionsByFact(
    await correctionsOfFacts(
      q,
      facts.map((f) => f.id),
    ),
  );
  return {
    ...presentTask(task, factIdIndex(facts)),
    reportTitle: report.title,
    facts: facts.map((f) => presentFact(f, byFact.get(f.id) ?? [])),
  };
}
