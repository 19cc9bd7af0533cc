import type { TaskView } from "../../contract/api/tasks.js";
import type { FactListRow } from "../../db/repos/facts.js";
import type { TaskRow } from "../../db/schema.js";

export function factExtIds(t: TaskRow): string[] {
  const v = JSON.parse(t.fact_ext_ids) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Key of a fact by report and extraction id, how tasks refer to facts. */
export function extKey(reportId: string, extId: string): string {
  return `${reportId}\u0000${extId}`;
}

export function factIdIndex(facts: FactListRow[]): Map<string, string> {
  return new Map(facts.map((f) => [extKey(f.report_id, f.ext_id), f.id]));
}

export function presentTask(t: TaskRow, factIds: Map<string, string>): TaskView {
  return {
    id: t.id,
    reportId: t.report_id,
    regionId: t.region_id,
    planYear: t.plan_year,
    group: t.group_name,
    text: t.text,
    section: t.section_ext_id,
    deadline: t.deadline,
    factIds: factExtIds(t).flatMap((e) => {
      const id = factIds.get(extKey(t.report_id, e));
      return id ? [id] : [];
    }),
    start: t.start_pos,
    end: t.end_pos,
    version: t.version,
  };
}
