import { createHash } from "node:crypto";
import { extractReport } from "../core/extract/index.js";
import { EXTRACTOR_VERSION } from "../core/extract/version.js";
import { readDocument } from "../core/read/index.js";
import type { ReadLimits } from "../core/read/types.js";
import { newId } from "../db/ids.js";
import { findOrCreateRegion } from "../db/repos/regions.js";
import { findReportBySha, writeExtraction } from "../db/repos/reports.js";
import { type AppContext, inTransaction } from "./context.js";
import { requireRole } from "./guard.js";

export interface IngestInput {
  bytes: Uint8Array;
  /** The file name as the user gave it; kept as the report's source path. */
  path: string;
  limits?: Partial<ReadLimits>;
}

export interface IngestResult {
  status: "new" | "unchanged" | "reextracted" | "restored";
  reportId: string;
  facts: number;
  tasks: number;
}

/**
 * Extracts a report and stores it, one transaction per report. The same bytes twice are one report; a
 * report stored by an older extractor is re-extracted in place, keeping its corrections.
 */
export async function ingestReport(ctx: AppContext, input: IngestInput): Promise<IngestResult> {
  requireRole(ctx.actor, "admin", "supervisor");
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const existing = await findReportBySha(ctx.db.kysely, sha256);
  if (existing && existing.extractor_version === EXTRACTOR_VERSION && existing.deleted_at === null) {
    const counts = await ctx.db.kysely
      .selectFrom("facts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("report_id", "=", existing.id)
      .executeTakeFirstOrThrow();
    const tasks = await ctx.db.kysely
      .selectFrom("tasks")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("report_id", "=", existing.id)
      .executeTakeFirstOrThrow();
    return { status: "unchanged", reportId: existing.id, facts: Number(counts.n), tasks: Number(tasks.n) };
  }
  // Extraction is pure CPU work: done before the transaction so the database is held only for the writes.
  const doc = await readDocument(input.bytes, {
    name: input.path,
    ...(input.limits ? { limits: input.limits } : {}),
  });
  const ex = extractReport(doc, { path: input.path, sha256 });
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (tx, audit) => {
    const regionId = ex.report.region ? await findOrCreateRegion(tx, ex.report.region, now) : null;
    const scope = { regionId, planYear: ex.report.planYear };
    const summary = {
      title: ex.report.title,
      planYear: ex.report.planYear,
      facts: ex.facts.length,
      tasks: ex.tasks.length,
    };
    if (existing) {
      await tx
        .updateTable("reports")
        .set({
          title: ex.report.title,
          region_id: regionId,
          region_name: ex.report.region,
          report_date: ex.report.date,
          summary_year: ex.report.summaryYear,
          plan_year: ex.report.planYear,
          body: doc.text,
          chars: doc.text.length,
          extractor_version: EXTRACTOR_VERSION,
          deleted_at: null,
          updated_at: now,
          version: existing.version + 1,
        })
        .where("id", "=", existing.id)
        .execute();
      await writeExtraction(tx, existing.id, ex, scope);
      const status = existing.deleted_at !== null ? "restored" : "reextracted";
      await audit({
        action: `report.${status === "restored" ? "restore" : "reextract"}`,
        entityType: "report",
        entityId: existing.id,
        before: { extractorVersion: existing.extractor_version },
        after: summary,
      });
      return { status, reportId: existing.id, facts: ex.facts.length, tasks: ex.tasks.length };
    }
    const id = newId();
    await tx
      .insertInto("reports")
      .values({
        id,
        sha256,
        region_id: regionId,
        title: ex.report.title,
        region_name: ex.report.region,
        report_date: ex.report.date,
        summary_year: ex.report.summaryYear,
        plan_year: ex.report.planYear,
        source_path: input.path,
        format: doc.format,
        encoding: doc.encoding,
        script: ex.source.script,
        chars: doc.text.length,
        body: doc.text,
        extractor_version: EXTRACTOR_VERSION,
        created_by: ctx.actor?.id === "system" ? null : (ctx.actor?.id ?? null),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeExtraction(tx, id, ex, scope);
    await audit({
      action: "report.ingest",
      entityType: "report",
      entityId: id,
      after: { ...summary, sha256, path: input.path },
    });
    return { status: "new", reportId: id, facts: ex.facts.length, tasks: ex.tasks.length };
  });
}
