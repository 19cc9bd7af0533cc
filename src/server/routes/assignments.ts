import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  assignTask,
  bulkAssign,
  getAssignmentDetail,
  listAssignments,
  updateAssignment,
} from "../../app/assignments/assignments.js";
import { addMilestone, updateMilestone } from "../../app/assignments/milestones.js";
import {
  Assignment,
  AssignmentDetail,
  AssignmentListQuery,
  BulkAssignBody,
  BulkAssignResult,
  CreateAssignmentBody,
  CreateMilestoneBody,
  MilestoneResult,
  TaskIdParams,
  UpdateAssignmentBody,
  UpdateMilestoneBody,
} from "../../contract/api/assignments.js";
import { IdParams, page } from "../../contract/api/common.js";
import type { RouteModule } from "./index.js";
import { errs, managers, readers } from "./shared.js";

const tags = ["assignments"];

/** Assignments (分解交办) of tasks to departments, and their milestones. */
export const assignmentRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/v1/tasks/:taskId/assignment",
    {
      schema: {
        tags,
        summary:
          "Assign a task to a lead department and co-departments (one assignment per task; 409 if assigned)",
        params: TaskIdParams,
        body: CreateAssignmentBody,
        response: { 201: Assignment, ...errs },
      },
      config: { access: managers },
    },
    async (req, reply) => reply.status(201).send(await assignTask(req.ctx(), req.params.taskId, req.body)),
  );
  r.post(
    "/v1/assignments/bulk",
    {
      schema: {
        tags,
        summary: "Assign many tasks to the same departments: all or none",
        body: BulkAssignBody,
        response: { 201: BulkAssignResult, ...errs },
      },
      config: { access: managers },
    },
    async (req, reply) => reply.status(201).send({ items: await bulkAssign(req.ctx(), req.body) }),
  );
  r.get(
    "/v1/assignments",
    {
      schema: {
        tags,
        summary: "Assignments the caller may see, newest first; department users see their department's",
        querystring: AssignmentListQuery,
        response: { 200: page(Assignment), ...errs },
      },
      config: { access: readers },
    },
    async (req) => listAssignments(req.ctx(), req.query),
  );
  r.get(
    "/v1/assignments/:id",
    {
      schema: {
        tags,
        summary: "One assignment with task, report, departments, milestones and progress",
        params: IdParams,
        response: { 200: AssignmentDetail, ...errs },
      },
      config: { access: readers },
    },
    async (req) => getAssignmentDetail(req.ctx(), req.params.id),
  );
  r.patch(
    "/v1/assignments/:id",
    {
      schema: {
        tags,
        summary: "Change departments, deadline, note or status; names the version it read (409 when stale)",
        params: IdParams,
        body: UpdateAssignmentBody,
        response: { 200: Assignment, ...errs },
      },
      config: { access: managers },
    },
    async (req) => updateAssignment(req.ctx(), req.params.id, req.body),
  );
  r.post(
    "/v1/assignments/:id/milestones",
    {
      schema: {
        tags,
        summary: "Add a milestone (bumps the assignment's version)",
        params: IdParams,
        body: CreateMilestoneBody,
        response: { 201: MilestoneResult, ...errs },
      },
      config: { access: managers },
    },
    async (req, reply) => reply.status(201).send(await addMilestone(req.ctx(), req.params.id, req.body)),
  );
  r.patch(
    "/v1/milestones/:id",
    {
      schema: {
        tags,
        summary: "Mark a milestone done (or change it); names the assignment's version it read",
        params: IdParams,
        body: UpdateMilestoneBody,
        response: { 200: MilestoneResult, ...errs },
      },
      config: { access: managers },
    },
    async (req) => updateMilestone(req.ctx(), req.params.id, req.body),
  );
};
