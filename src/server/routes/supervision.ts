import type { FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import type { EvidenceInput } from "../../app/progress/progress.js";
import { evidenceTooLarge } from "../../app/progress/progress.js";
import { deleteCalendarDay, getCalendarYear, setCalendarDay } from "../../app/supervision/calendar.js";
import { importHolidayNotice } from "../../app/supervision/calendarNotice.js";
import { decideClosure, requestClosure } from "../../app/supervision/closure.js";
import { decideExtension, requestExtension } from "../../app/supervision/extension.js";
import { getAssignmentHistory } from "../../app/supervision/history.js";
import { recomputeStatuses } from "../../app/supervision/recomputeStatuses.js";
import { reviewProgress } from "../../app/supervision/review.js";
import { listSupervisionRules, setSupervisionRules } from "../../app/supervision/rules.js";
import {
  acknowledgeAssignment,
  declineAssignment,
  reassignAssignment,
} from "../../app/supervision/signoff.js";
import { AssignmentDetail } from "../../contract/api/assignments.js";
import { ErrorBody, IdParams } from "../../contract/api/common.js";
import {
  AcknowledgeBody,
  AssignmentHistory,
  CalendarDay,
  CalendarQuery,
  CalendarYear,
  DayParams,
  DecideClosureBody,
  DecideExtensionBody,
  DeclineBody,
  ImportNoticeBody,
  NoticeImport,
  ReassignBody,
  RecomputeResult,
  RequestClosureBody,
  RequestExtensionBody,
  ReviewProgressBody,
  RulesQuery,
  RulesView,
  SetCalendarDayBody,
  SetRulesBody,
} from "../../contract/api/supervision.js";
import type { Role } from "../../db/schema.js";
import type { RouteModule } from "./index.js";
import { parse } from "./progress.js";
import { errs, managers, readers } from "./shared.js";

const tags = ["supervision"];
const department: Role[] = ["department"];
const ClosureFields = RequestClosureBody.omit({ files: true });

/** A closure request as JSON (files in base64) or multipart/form-data (fields and file parts). */
async function closureInput(req: FastifyRequest, maxFileBytes: number) {
  const files: EvidenceInput[] = [];
  let fields: unknown;
  if (req.isMultipart()) {
    const values: Record<string, string> = {};
    for await (const part of req.parts()) {
      if (part.type === "file")
        files.push({
          name: part.filename || "evidence",
          mime: part.mimetype || "application/octet-stream",
          bytes: await part.toBuffer(),
        });
      else values[part.fieldname] = String(part.value);
    }
    fields = values;
  } else {
    const body = parse(RequestClosureBody, req.body ?? {});
    for (const f of body.files ?? []) {
      const bytes = Buffer.from(f.contentBase64, "base64");
      if (bytes.byteLength > maxFileBytes) throw evidenceTooLarge(f.name, maxFileBytes);
      files.push({ name: f.name, mime: f.mime, bytes });
    }
    fields = body;
  }
  return { ...parse(ClosureFields, fields), files };
}

/**
 * The 督办 cycle: 签收, 退回 and reassignment, review of reports, closure, extensions, the task history, the
 * status rules and the working-day calendar. Every step returns the assignment as it now stands.
 */
export const supervisionRoutes: RouteModule = async (app, { deps }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const maxFileBytes = deps.config.maxUploadBytes;
  /** A step of the cycle: a JSON body on `:id` (assignment, report or extension); answers the assignment. */
  const step = <B extends z.ZodType>(
    url: string,
    summary: string,
    body: B,
    access: Role[],
    run: (ctx: AppContext, id: string, body: z.output<B>) => Promise<AssignmentDetail>,
  ) =>
    r.post(
      url,
      {
        schema: { tags, summary, body, params: IdParams, response: { 200: AssignmentDetail, ...errs } },
        config: { access },
      },
      // The type provider cannot see through a generic schema; the route validates the body against `body`.
      async (req) => run(req.ctx(), req.params.id, req.body as z.output<B>),
    );

  step(
    "/v1/assignments/:id/acknowledge",
    "签收: the lead department takes the assignment on",
    AcknowledgeBody,
    department,
    acknowledgeAssignment,
  );
  step(
    "/v1/assignments/:id/decline",
    "退回: the lead department gives the assignment back, with a reason",
    DeclineBody,
    department,
    declineAssignment,
  );
  step(
    "/v1/assignments/:id/reassign",
    "Give a declined or unsigned assignment to a lead department again",
    ReassignBody,
    managers,
    reassignAssignment,
  );
  step(
    "/v1/progress/:id/review",
    "审核: accept a pending progress report or return it with a reason",
    ReviewProgressBody,
    managers,
    reviewProgress,
  );
  r.post(
    "/v1/assignments/:id/closure",
    {
      schema: {
        tags,
        summary: "申请办结: request closure with evidence",
        description:
          "JSON (RequestClosure: version, text, files[] with contentBase64) or multipart/form-data (fields " +
          "`version` and `text`, file parts as evidence). The lead department only.",
        consumes: ["application/json", "multipart/form-data"],
        params: IdParams,
        response: { 200: AssignmentDetail, ...errs, 413: ErrorBody },
      },
      config: { access: department },
    },
    async (req) =>
      requestClosure(req.ctx(), req.params.id, await closureInput(req, maxFileBytes), { maxFileBytes }),
  );
  step(
    "/v1/assignments/:id/closure/decision",
    "办结审核: approve the closure (销号) or reject it with a reason",
    DecideClosureBody,
    managers,
    decideClosure,
  );
  step(
    "/v1/assignments/:id/extensions",
    "申请延期: ask for a later deadline, with a reason",
    RequestExtensionBody,
    department,
    requestExtension,
  );
  step(
    "/v1/extensions/:id/decision",
    "延期审批: approve (the deadline changes) or refuse with a reason",
    DecideExtensionBody,
    managers,
    decideExtension,
  );
  r.get(
    "/v1/assignments/:id/history",
    {
      schema: {
        tags,
        summary: "The task's history (交办, 签收, 填报, 审核, 延期, 办结, colour changes …), oldest first",
        params: IdParams,
        response: { 200: AssignmentHistory, ...errs },
      },
      config: { access: readers },
    },
    async (req) => getAssignmentHistory(req.ctx(), req.params.id),
  );
  r.get(
    "/v1/supervision/rules",
    {
      schema: {
        tags,
        summary: "Status rules of a region: its rows, those it inherits, and the rules in force on a day",
        querystring: RulesQuery,
        response: { 200: RulesView, ...errs },
      },
      config: { access: managers },
    },
    async (req) => listSupervisionRules(req.ctx(), req.query),
  );
  r.post(
    "/v1/supervision/rules",
    {
      schema: {
        tags,
        summary: "New rules for a region (null: nationwide, admins) from a day on (today or later)",
        body: SetRulesBody,
        response: { 201: RulesView, ...errs },
      },
      config: { access: managers },
    },
    async (req, reply) => reply.status(201).send(await setSupervisionRules(req.ctx(), req.body)),
  );
  r.post(
    "/v1/supervision/recompute",
    {
      schema: {
        tags,
        summary: "Recompute every open assignment's colour now (the scheduler does it on each tick)",
        response: { 200: RecomputeResult, ...errs },
      },
      config: { access: ["admin"] },
    },
    async (req) => recomputeStatuses(req.ctx(), { full: true }),
  );
  r.get(
    "/v1/calendar",
    {
      schema: {
        tags,
        summary: "A year of the working-day calendar: national holidays, 调休 working days, local overrides",
        querystring: CalendarQuery,
        response: { 200: CalendarYear, ...errs },
      },
      config: { access: readers },
    },
    async (req) => getCalendarYear(req.ctx(), req.query.year),
  );
  r.post(
    "/v1/calendar/days",
    {
      schema: {
        tags,
        summary: "Make a day a holiday or a working day locally (replaces an earlier override of that day)",
        body: SetCalendarDayBody,
        response: { 200: CalendarDay, ...errs },
      },
      config: { access: ["admin"] },
    },
    async (req) => setCalendarDay(req.ctx(), req.body),
  );
  r.post(
    "/v1/calendar/notice",
    {
      schema: {
        tags,
        summary:
          "Import the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as text: dryRun previews, otherwise its days become local overrides",
        body: ImportNoticeBody,
        response: { 200: NoticeImport, ...errs },
      },
      config: { access: ["admin"] },
    },
    async (req) => importHolidayNotice(req.ctx(), req.body),
  );
  r.delete(
    "/v1/calendar/days/:day",
    {
      schema: {
        tags,
        summary: "Remove a local override of a day",
        params: DayParams,
        response: { 204: z.null().describe("removed"), ...errs },
      },
      config: { access: ["admin"] },
    },
    async (req, reply) => {
      await deleteCalendarDay(req.ctx(), req.params.day);
      return reply.status(204).send(null);
    },
  );
};
