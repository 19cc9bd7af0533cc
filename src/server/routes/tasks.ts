import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { getTask } from "../../app/tasks/getTask.js";
import { listTasks } from "../../app/tasks/listTasks.js";
import { updateTask } from "../../app/tasks/updateTask.js";
import { ErrorBody, IdParams } from "../../contract/api/common.js";
import { TaskDetail, TaskPage, TasksQuery, UpdateTaskBody } from "../../contract/api/tasks.js";
import type { RouteModule } from "./index.js";

const errorsOf = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const taskRoutes: RouteModule = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/v1/tasks",
    {
      config: { access: ["admin", "supervisor", "department", "viewer"] },
      schema: {
        tags: ["tasks"],
        summary: "Tasks, filtered by region, plan year, report, text and deadline",
        querystring: TasksQuery,
        response: { 200: TaskPage, ...errorsOf },
      },
    },
    async (req) => listTasks(req.ctx(), req.query),
  );

  app.get(
    "/v1/tasks/:id",
    {
      config: { access: ["admin", "supervisor", "department", "viewer"] },
      schema: {
        tags: ["tasks"],
        summary: "One task with the facts stated inside it",
        params: IdParams,
        response: { 200: TaskDetail, ...errorsOf },
      },
    },
    async (req) => getTask(req.ctx(), req.params.id),
  );

  app.patch(
    "/v1/tasks/:id",
    {
      config: { access: ["admin", "supervisor"] },
      schema: {
        tags: ["tasks"],
        summary: "Edit a task's group, text or deadline (names the version read; 409 when stale)",
        params: IdParams,
        body: UpdateTaskBody,
        response: { 200: TaskDetail, ...errorsOf },
      },
    },
    async (req) => updateTask(req.ctx(), req.params.id, req.body),
  );
};
