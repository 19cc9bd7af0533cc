import type { UploadResult } from "../../contract/api/reports.js";
import { isDubanError } from "../../core/errors.js";
import type { ReadLimits } from "../../core/read/types.js";
import type { AppContext } from "../context.js";
import { requireRole } from "../guard.js";
import { ingestReport } from "../ingestReport.js";

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Ingests several uploaded files, each in its own transaction. A file that cannot be read gets its reason
 * and does not stop the others; the same bytes twice are recognised as one report.
 */
export async function uploadReports(
  ctx: AppContext,
  files: UploadedFile[],
  opts: { limits?: Partial<ReadLimits>; onError?: (err: unknown) => void } = {},
): Promise<UploadResult[]> {
  requireRole(ctx.actor, "admin", "supervisor");
  const results: UploadResult[] = [];
  for (const file of files) {
    try {
      const r = await ingestReport(ctx, {
        bytes: file.bytes,
        path: file.name,
        ...(opts.limits ? { limits: opts.limits } : {}),
      });
      results.push({
        name: file.name,
        status: r.status,
        reportId: r.reportId,
        facts: r.facts,
        tasks: r.tasks,
      });
    } catch (err) {
      if (isDubanError(err)) {
        results.push({
          name: file.name,
          status: "failed",
          facts: 0,
          tasks: 0,
          error: { code: err.code, message: err.message, messageZh: err.messageZh },
        });
        continue;
      }
      opts.onError?.(err);
      results.push({
        name: file.name,
        status: "failed",
        facts: 0,
        tasks: 0,
        error: {
          code: "INTERNAL",
          message: "internal error while storing the report",
          messageZh: "保存报告时出错",
        },
      });
    }
  }
  return results;
}
