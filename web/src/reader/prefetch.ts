import type { ReportDetail } from "../../../src/contract/api/reports.js";
import { api } from "../api.js";

/**
 * The reader's report, asked for as soon as the route is known (its loader) rather than after the session check
 * and the first render: the two requests run side by side. A prefetch that fails (signed out: 401) or is not
 * used soon is forgotten, and the page asks again.
 */
const pending = new Map<string, { at: number; promise: Promise<ReportDetail> }>();
const FRESH_MS = 10_000;

export function prefetchReport(id: string): void {
  if (pending.has(id)) return;
  const promise = api.report(id);
  promise.catch(() => pending.delete(id));
  pending.set(id, { at: Date.now(), promise });
}

export function takeReport(id: string): Promise<ReportDetail> {
  const p = pending.get(id);
  pending.delete(id);
  return p && Date.now() - p.at < FRESH_MS ? p.promise : api.report(id);
}
