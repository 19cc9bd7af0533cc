import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { closeSenders, makeSenders, type Senders } from "../../app/reminders/channels/index.js";
import {
  createChannel,
  deleteChannel,
  listChannels,
  testChannel,
  updateChannel,
} from "../../app/reminders/channelsAdmin.js";
import {
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  myUnreadCount,
} from "../../app/reminders/notifications.js";
import { listDeliveryLog, listOutbox, retryReminder } from "../../app/reminders/outbox.js";
import {
  createTemplate,
  deleteTemplate,
  listTemplates,
  updateTemplate,
} from "../../app/reminders/templatesAdmin.js";
import { ErrorBody, IdParams, page } from "../../contract/api/common.js";
import {
  ChannelListQuery,
  ChannelTestResult,
  CreateChannelBody,
  CreateTemplateBody,
  Delivery,
  DeliveryListQuery,
  MarkedRead,
  Notification,
  NotificationChannel,
  NotificationListQuery,
  NotificationTemplate,
  Reminder,
  ReminderListQuery,
  TemplateListQuery,
  UnreadCount,
  UpdateChannelBody,
  UpdateTemplateBody,
  VersionQuery,
} from "../../contract/api/notifications.js";
import type { RouteModule } from "./index.js";

const errs = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const everyone: ["admin", "supervisor", "department", "viewer"] = [
  "admin",
  "supervisor",
  "department",
  "viewer",
];
const managers: ["admin", "supervisor"] = ["admin", "supervisor"];

/** In-app notifications (everyone, their own), and the reminder set-up and log (admins and supervisors). */
export const notificationRoutes: RouteModule = async (app, { deps }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  let senders: Senders | null = null;
  app.addHook("onClose", async () => {
    if (senders) await closeSenders(senders);
  });

  r.get(
    "/v1/notifications",
    {
      schema: {
        tags: ["notifications"],
        summary: "My notifications, newest first (unread=true: only unread)",
        querystring: NotificationListQuery,
        response: { 200: page(Notification), ...errs },
      },
      config: { access: everyone },
    },
    async (req) => listMyNotifications(req.ctx(), req.query),
  );
  r.get(
    "/v1/notifications/unread-count",
    {
      schema: {
        tags: ["notifications"],
        summary: "How many of my notifications are unread",
        response: { 200: UnreadCount, ...errs },
      },
      config: { access: everyone },
    },
    async (req) => myUnreadCount(req.ctx()),
  );
  r.post(
    "/v1/notifications/:id/read",
    {
      schema: {
        tags: ["notifications"],
        summary: "Mark one of my notifications read",
        params: IdParams,
        response: { 200: Notification, ...errs },
      },
      config: { access: everyone },
    },
    async (req) => markNotificationRead(req.ctx(), req.params.id),
  );
  r.post(
    "/v1/notifications/read-all",
    {
      schema: {
        tags: ["notifications"],
        summary: "Mark all my notifications read",
        response: { 200: MarkedRead, ...errs },
      },
      config: { access: everyone },
    },
    async (req) => markAllNotificationsRead(req.ctx()),
  );

  const ct = ["notification channels"];
  r.get(
    "/v1/notification-channels",
    {
      schema: {
        tags: ct,
        summary: "E-mail, DingTalk and WeCom channels of my regions (the secret is never returned)",
        querystring: ChannelListQuery,
        response: { 200: page(NotificationChannel), ...errs },
      },
      config: { access: managers },
    },
    async (req) => listChannels(req.ctx(), req.query),
  );
  r.post(
    "/v1/notification-channels",
    {
      schema: {
        tags: ct,
        summary: "Add a channel for a department or a region",
        body: CreateChannelBody,
        response: { 201: NotificationChannel, ...errs },
      },
      config: { access: managers },
    },
    async (req, reply) => reply.status(201).send(await createChannel(req.ctx(), req.body)),
  );
  r.patch(
    "/v1/notification-channels/:id",
    {
      schema: {
        tags: ct,
        summary: "Change a channel; names the version it read (409 when stale)",
        params: IdParams,
        body: UpdateChannelBody,
        response: { 200: NotificationChannel, ...errs },
      },
      config: { access: managers },
    },
    async (req) => updateChannel(req.ctx(), req.params.id, req.body),
  );
  r.delete(
    "/v1/notification-channels/:id",
    {
      schema: {
        tags: ct,
        summary: "Delete a channel and its reminders",
        params: IdParams,
        querystring: VersionQuery,
        response: { 204: z.null().describe("deleted"), ...errs },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      await deleteChannel(req.ctx(), req.params.id, req.query.version);
      return reply.status(204).send(null);
    },
  );
  r.post(
    "/v1/notification-channels/:id/test",
    {
      schema: {
        tags: ct,
        summary: "Send a test message through the channel now",
        params: IdParams,
        response: { 200: ChannelTestResult, ...errs },
      },
      config: { access: managers },
    },
    async (req) => {
      senders ??= makeSenders({ smtpUrl: deps.config.smtpUrl, mailFrom: deps.config.mailFrom });
      return testChannel(req.ctx(), req.params.id, senders);
    },
  );

  const tt = ["notification templates"];
  r.get(
    "/v1/notification-templates",
    {
      schema: {
        tags: tt,
        summary: "The default message templates and my regions' own",
        querystring: TemplateListQuery,
        response: { 200: z.object({ items: z.array(NotificationTemplate) }), ...errs },
      },
      config: { access: managers },
    },
    async (req) => ({ items: await listTemplates(req.ctx(), req.query) }),
  );
  r.post(
    "/v1/notification-templates",
    {
      schema: {
        tags: tt,
        summary: "Give a region its own wording of a reminder kind",
        body: CreateTemplateBody,
        response: { 201: NotificationTemplate, ...errs },
      },
      config: { access: managers },
    },
    async (req, reply) => reply.status(201).send(await createTemplate(req.ctx(), req.body)),
  );
  r.patch(
    "/v1/notification-templates/:id",
    {
      schema: {
        tags: tt,
        summary: "Edit a template (the defaults: admins only); names the version it read",
        params: IdParams,
        body: UpdateTemplateBody,
        response: { 200: NotificationTemplate, ...errs },
      },
      config: { access: managers },
    },
    async (req) => updateTemplate(req.ctx(), req.params.id, req.body),
  );
  r.delete(
    "/v1/notification-templates/:id",
    {
      schema: {
        tags: tt,
        summary: "Remove a region's own template (back to the default)",
        params: IdParams,
        querystring: VersionQuery,
        response: { 204: z.null().describe("deleted"), ...errs },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      await deleteTemplate(req.ctx(), req.params.id, req.query.version);
      return reply.status(204).send(null);
    },
  );

  const rt = ["reminders"];
  r.get(
    "/v1/reminders",
    {
      schema: {
        tags: rt,
        summary: "The reminder outbox of my regions' tasks (pending, sent, dead)",
        querystring: ReminderListQuery,
        response: { 200: page(Reminder), ...errs },
      },
      config: { access: managers },
    },
    async (req) => listOutbox(req.ctx(), req.query),
  );
  r.post(
    "/v1/reminders/:id/retry",
    {
      schema: {
        tags: rt,
        summary: "Queue a dead reminder again",
        params: IdParams,
        response: { 200: z.object({ id: z.string(), status: z.literal("pending") }), ...errs },
      },
      config: { access: managers },
    },
    async (req) => retryReminder(req.ctx(), req.params.id),
  );
  r.get(
    "/v1/deliveries",
    {
      schema: {
        tags: rt,
        summary: "Every delivery attempt with its outcome, newest first",
        querystring: DeliveryListQuery,
        response: { 200: page(Delivery), ...errs },
      },
      config: { access: managers },
    },
    async (req) => listDeliveryLog(req.ctx(), req.query),
  );
};
