import { createHash } from "node:crypto";
import { decodeCursor, encodeCursor } from "../../contract/api/common.js";
import type { ProgressEntry, ProgressListQuery } from "../../contract/api/progress.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import type { Db } from "../../db/database.js";
import { newId } from "../../db/ids.js";
import { startAssignment } from "../../db/repos/assignments.js";
import { putEvidence } from "../../db/repos/evidence.js";
import {
  evidenceOf,
  getProgress,
  insertProgress,
  listProgress,
  type ProgressRow,
} from "../../db/repos/progress.js";
import { visibleAssignment } from "../assignments/assignments.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { requireRole } from "../guard.js";

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
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: await present(q, page),
    nextCursor: rows.length > opts.limit && last ? encodeCursor(last.id) : null,
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

/**
 * Reports progress on an assignment, with evidence files. Department users report only on assignments their
 * department leads or co-operates on (others are 404 to them); supervisors in their region, admins anywhere.
 * Files are stored by content hash: the same bytes are stored once. The first report moves an assignment
 * from `assigned` to `in_progress`; a closed one takes no more reports.
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
  const files = (input.files ?? []).map((f) => {
    if (f.bytes.byteLength > limits.maxFileBytes) throw evidenceTooLarge(f.name, limits.maxFileBytes);
    if (f.bytes.byteLength === 0)
      throw errors.invalid("files", `evidence file "${f.name}" is empty`, `证明材料“${f.name}”为空文件`);
    return { ...f, id: createHash("sha256").update(f.bytes).digest("hex") };
  });
  const now = ctx.now().toISOString();
  const id = await inTransaction(ctx, async (tx, audit) => {
    const a = await visibleAssignment(tx, actor, assignmentId);
    if (a.status === "closed")
      throw new DubanError(
        ErrorCode.Conflict,
        `assignment ${assignmentId} is closed; no more progress is accepted`,
        "该交办任务已关闭，不能再报送进展",
        { target: assignmentId },
      );
    for (const f of files) {
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
    const evidenceIds = [...new Set(files.map((f) => f.id))];
    await insertProgress(
      tx,
      {
        id: progressId,
        assignment_id: assignmentId,
        author_id: actor.id === "system" ? null : actor.id,
        percent: input.percent,
        text,
        created_at: now,
      },
      evidenceIds,
    );
    await audit({
      action: "progress.submit",
      entityType: "progress",
      entityId: progressId,
      after: { assignmentId, percent: input.percent, text, evidence: evidenceIds },
    });
    if (await startAssignment(tx, assignmentId, now))
      await audit({
        action: "assignment.update",
        entityType: "assignment",
        entityId: assignmentId,
        before: { status: "assigned", version: a.version },
        after: { status: "in_progress", version: a.version + 1 },
      });
    return progressId;
  });
  const row = await getProgress(ctx.db.kysely, id);
  const [entry] = row ? await present(ctx.db.kysely, [row]) : [];
  if (!entry) throw errors.notFound("progress", id);
  return entry;
}
