import { createHash } from "node:crypto";
import { decodeCursor } from "../../contract/api/common.js";
import type { ProgressEntry, ProgressListQuery } from "../../contract/api/progress.js";
import type { ReportCycle } from "../../contract/api/supervision.js";
import { shanghaiDay } from "../../core/calendar/index.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { periodKeyOf } from "../../core/supervise/periods.js";
import type { Db } from "../../db/database.js";
import { newId } from "../../db/ids.js";
import { type AssignmentListRow, startAssignment } from "../../db/repos/assignments.js";
import { putEvidence } from "../../db/repos/evidence.js";
import {
  evidenceOf,
  getProgress,
  insertProgress,
  listProgress,
  type ProgressRow,
} from "../../db/repos/progress.js";
import { markAcknowledged } from "../../db/repos/supervision.js";
import type { Actor } from "../actor.js";
import { visibleAssignment } from "../assignments/assignments.js";
import { type AppContext, type AuditEntry, inTransaction, type Tx } from "../context.js";
import { requireRole } from "../guard.js";
import { splitPage } from "../paging.js";
import { actorId, event, recolour, target } from "../supervision/act.js";

type Q = Db["kysely"] | Tx;

export interface EvidenceInput {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

export interface ProgressInput {
  percent: number;
  text: string;
  files?: EvidenceInput[];
  /** The period it answers; by default the current month or quarter of the assignment's report cycle. */
  periodKey?: string | undefined;
}

async function present(q: Q, rows: ProgressRow[]): Promise<ProgressEntry[]> {
  const links = await evidenceOf(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    assignmentId: r.assignment_id,
    authorId: r.author_id,
    authorName: r.author_name,
    percent: Number(r.percent),
    text: r.text,
    createdAt: r.created_at,
    evidence: links
      .filter((l) => l.progress_id === r.id)
      .map((l) => ({ id: l.id, name: l.name, mime: l.mime, size: Number(l.size) })),
    kind: r.kind as ProgressEntry["kind"],
    periodKey: r.period_key,
    reviewStatus: r.review_status as ProgressEntry["reviewStatus"],
    reviewedBy: r.reviewed_by,
    reviewedByName: r.reviewer_name,
    reviewedAt: r.reviewed_at,
    reviewReason: r.review_reason,
  }));
}

/** Progress entries of an assignment, newest first (no visibility check: callers make it). */
export async function progressHistory(
  q: Q,
  assignmentId: string,
  opts: { cursor?: string | undefined; limit: number },
): Promise<{ items: ProgressEntry[]; nextCursor: string | null }> {
  const rows = await listProgress(q, assignmentId, {
    before: decodeCursor(opts.cursor),
    limit: opts.limit + 1,
  });
  const { rows: page, nextCursor } = splitPage(rows, opts.limit);
  return {
    items: await present(q, page),
    nextCursor,
  };
}

export async function listAssignmentProgress(
  ctx: AppContext,
  assignmentId: string,
  query: ProgressListQuery,
): Promise<{ items: ProgressEntry[]; nextCursor: string | null }> {
  await visibleAssignment(ctx.db.kysely, ctx.actor, assignmentId);
  return progressHistory(ctx.db.kysely, assignmentId, query);
}

export function evidenceTooLarge(name: string, maxBytes: number): DubanError {
  return new DubanError(
    ErrorCode.PayloadTooLarge,
    `evidence file "${name}" is larger than ${maxBytes} bytes`,
    `证明材料“${name}”超过大小限制（${Math.max(1, Math.round(maxBytes / 1048576))} MB）`,
    { target: name, maxBytes },
  );
}

type PreparedFile = EvidenceInput & { id: string };

/** Checks evidence files (size, not empty) before a transaction starts, and names each by its hash. */
export function prepareFiles(files: EvidenceInput[] | undefined, maxFileBytes: number): PreparedFile[] {
  return (files ?? []).map((f) => {
    if (f.bytes.byteLength > maxFileBytes) throw evidenceTooLarge(f.name, maxFileBytes);
    if (f.bytes.byteLength === 0)
      throw errors.invalid("files", `evidence file "${f.name}" is empty`, `证明材料“${f.name}”为空文件`);
    return { ...f, id: createHash("sha256").update(f.bytes).digest("hex") };
  });
}

/**
 * Writes a report (progress or closure request) with its evidence, pending review, and its audit entries;
 * returns its id. Files are stored by content hash: the same bytes are stored once.
 */
export async function writeReport(
  tx: Tx,
  audit: (e: AuditEntry) => Promise<void>,
  ctx: AppContext,
  actor: Actor,
  a: AssignmentListRow,
  r: {
    percent: number;
    text: string;
    files: PreparedFile[];
    kind: "progress" | "closure";
    periodKey: string | null;
  },
): Promise<string> {
  const now = ctx.now().toISOString();
  for (const f of r.files) {
    const stored = await putEvidence(tx, {
      id: f.id,
      name: f.name,
      mime: f.mime,
      size: f.bytes.byteLength,
      content: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
      created_at: now,
    });
    if (stored)
      await audit({
        action: "evidence.store",
        entityType: "evidence",
        entityId: f.id,
        after: { name: f.name, mime: f.mime, size: f.bytes.byteLength },
      });
  }
  const progressId = newId();
  const evidenceIds = [...new Set(r.files.map((f) => f.id))];
  await insertProgress(
    tx,
    {
      id: progressId,
      assignment_id: a.id,
      author_id: actorId(actor),
      percent: r.percent,
      text: r.text,
      created_at: now,
      kind: r.kind,
      period_key: r.periodKey,
      review_status: "pending",
    },
    evidenceIds,
  );
  await audit({
    action: r.kind === "closure" ? "progress.closure_request" : "progress.submit",
    entityType: "progress",
    entityId: progressId,
    after: {
      assignmentId: a.id,
      kind: r.kind,
      percent: r.percent,
      text: r.text,
      periodKey: r.periodKey,
      evidence: evidenceIds,
    },
  });
  return progressId;
}

export async function presentEntry(q: Q, id: string): Promise<ProgressEntry> {
  const row = await getProgress(q, id);
  const [entry] = row ? await present(q, [row]) : [];
  if (!entry) throw errors.notFound("progress", id);
  return entry;
}

/**
 * Reports progress on an assignment (填报), with evidence files, for a period ("2026-03"; by default the
 * current one), pending a supervisor's review. Department users report only on assignments their department
 * leads or co-operates on (others are 404 to them); supervisors in their region, admins anywhere (代报). A
 * report on an assignment not yet signed starts it (assigned → in_progress), and from the lead department
 * counts as its 签收. Declined, done (awaiting closure) and closed assignments take no reports (409).
 */
export async function submitProgress(
  ctx: AppContext,
  assignmentId: string,
  input: ProgressInput,
  limits: { maxFileBytes: number },
): Promise<ProgressEntry> {
  const actor = requireRole(ctx.actor, "admin", "supervisor", "department");
  if (!Number.isInteger(input.percent) || input.percent < 0 || input.percent > 100)
    throw errors.invalid("percent", "must be an integer from 0 to 100", "须为 0 到 100 之间的整数");
  const text = input.text.trim();
  if (!text) throw errors.invalid("text", "must not be empty", "不能为空");
  const files = prepareFiles(input.files, limits.maxFileBytes);
  const id = await inTransaction(ctx, async (tx, audit) => {
    const a = await visibleAssignment(tx, actor, assignmentId);
    if (a.status === "closed")
      throw new DubanError(
        ErrorCode.Conflict,
        `assignment ${assignmentId} is closed; no more progress is accepted`,
        "该交办任务已关闭，不能再报送进展",
        { target: assignmentId },
      );
    const t = await target(tx, ctx, assignmentId, "submit_progress", null);
    const periodKey = input.periodKey ?? periodKeyOf(a.report_cycle as ReportCycle, shanghaiDay(ctx.now()));
    const progressId = await writeReport(tx, audit, ctx, actor, a, {
      percent: input.percent,
      text,
      files,
      kind: "progress",
      periodKey,
    });
    const now = ctx.now().toISOString();
    if (await startAssignment(tx, assignmentId, now)) {
      await audit({
        action: "assignment.update",
        entityType: "assignment",
        entityId: assignmentId,
        before: { status: "assigned", version: a.version },
        after: { status: "in_progress", version: a.version + 1 },
      });
      const signs = t.standing.isLead;
      if (signs) await markAcknowledged(tx, assignmentId, now, actorId(actor));
      await event(tx, ctx, {
        assignmentId,
        action: signs ? "acknowledge" : "start",
        from: "assigned",
        to: "in_progress",
        detail: { byReport: progressId },
      });
    }
    await event(tx, ctx, {
      assignmentId,
      action: "progress",
      detail: { progressId, percent: input.percent, periodKey },
    });
    await recolour(tx, ctx, assignmentId);
    return progressId;
  });
  return presentEntry(ctx.db.kysely, id);
}
