import type { ChannelKind } from "../../contract/api/notifications.js";
import type { SupervisionRules } from "../../contract/api/supervision.js";
import { type Calendar, chinaCalendar } from "../../core/calendar/index.js";
import type { Directory, PlanChannel, PlanUser } from "../../core/supervise/reminders.js";
import { rulesAt } from "../../core/supervise/rules.js";
import type { Db } from "../../db/database.js";
import { loadDirectory, loadRulesAndCalendar } from "../../db/repos/reminderPlanning.js";

/** The region tree in memory: a region's chain (itself, then its ancestors) and its name. */
export interface RegionChains {
  /** Own region first, then ancestors, then null (the nationwide rows). */
  chain(regionId: string | null): (string | null)[];
  name(regionId: string | null): string | null;
}

export function regionChains(
  regions: ReadonlyArray<{ id: string; parent_id: string | null; name: string }>,
): RegionChains {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const cache = new Map<string, (string | null)[]>();
  return {
    chain(regionId) {
      if (regionId === null) return [null];
      const hit = cache.get(regionId);
      if (hit) return hit;
      const out: (string | null)[] = [];
      const seen = new Set<string>();
      for (
        let id: string | null = regionId;
        id !== null && !seen.has(id);
        id = byId.get(id)?.parent_id ?? null
      ) {
        seen.add(id);
        out.push(id);
      }
      out.push(null);
      cache.set(regionId, out);
      return out;
    },
    name: (regionId) => (regionId === null ? null : (byId.get(regionId)?.name ?? null)),
  };
}

/** What one planning run reads once: calendar, rules by region, regions, and the directory of recipients. */
export interface PlanningWorld {
  calendar: Calendar;
  regions: RegionChains;
  rulesFor(regionId: string | null): SupervisionRules;
  directory: Directory;
}

export async function loadPlanningWorld(db: Db, today: string): Promise<PlanningWorld> {
  const q = db.kysely;
  const [{ rules, days, regions }, dir] = await Promise.all([loadRulesAndCalendar(q), loadDirectory(q)]);
  const calendar = chinaCalendar(
    days.map((d) => ({ day: d.day, kind: d.kind === "workday" ? "workday" : "holiday", name: d.name })),
  );
  const chains = regionChains(regions);
  const ruleRows = rules.map((r) => ({
    regionId: r.region_id,
    effectiveFrom: r.effective_from,
    rules: r.rules,
  }));
  const rulesCache = new Map<string | null, SupervisionRules>();
  const rulesFor = (regionId: string | null): SupervisionRules => {
    let r = rulesCache.get(regionId);
    if (!r) {
      r = rulesAt(ruleRows, chains.chain(regionId), today);
      rulesCache.set(regionId, r);
    }
    return r;
  };

  const toUser = (u: { id: string; display_name: string; email: string | null }): PlanUser => ({
    id: u.id,
    name: u.display_name,
    email: u.email?.trim() || null,
  });
  const deptUsers = new Map<string, PlanUser[]>();
  const supervisors: Array<PlanUser & { regionId: string | null }> = [];
  for (const u of dir.users) {
    if (u.role === "department" && u.department_id) {
      const list = deptUsers.get(u.department_id) ?? [];
      list.push(toUser(u));
      deptUsers.set(u.department_id, list);
    } else if (u.role === "supervisor") supervisors.push({ ...toUser(u), regionId: u.region_id });
  }
  const heads = new Map(dir.heads.map((h) => [h.department_id, toUser(h)]));
  const channels = dir.channels.map((c) => ({ ...c, kind: c.kind as ChannelKind }));

  const directory: Directory = {
    departmentUsers: (id) => deptUsers.get(id) ?? [],
    head: (id) => heads.get(id) ?? null,
    supervisors(regionId) {
      // A supervisor's scope is their region and everything below it; one without a region sees all.
      const chain = chains.chain(regionId);
      return supervisors.filter((s) => s.regionId === null || chain.includes(s.regionId));
    },
    channels(departmentId, regionId): PlanChannel[] {
      const chain = chains.chain(regionId);
      return channels
        .filter((c) =>
          c.department_id === null ? chain.includes(c.region_id) : c.department_id === departmentId,
        )
        .map((c) => ({ id: c.id, kind: c.kind, target: c.target }));
    },
  };
  return { calendar, regions: chains, rulesFor, directory };
}
