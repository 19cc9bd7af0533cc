import { z } from "zod";
import { PageQuery, VersionedBody } from "./common.js";

/** What a reminder is about; also the key of the template that words it. */
export const ReminderKind = z
  .enum([
    "ack_before",
    "ack_missed",
    "report_before",
    "report_missed",
    "deadline_before",
    "deadline_missed",
    "escalate",
    "red_list",
  ])
  .meta({ id: "ReminderKind" });
export type ReminderKind = z.infer<typeof ReminderKind>;

/** External channels an office configures; in-app messages need none. */
export const ChannelKind = z.enum(["email", "dingtalk", "wecom"]).meta({ id: "ChannelKind" });
export type ChannelKind = z.infer<typeof ChannelKind>;

export const DeliveryChannel = z
  .enum(["inapp", "email", "dingtalk", "wecom"])
  .meta({ id: "DeliveryChannel" });
export type DeliveryChannel = z.infer<typeof DeliveryChannel>;

// ── in-app notifications ──

export const Notification = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    /** An app path, e.g. /assignments/…, or null. */
    link: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: "Notification" });
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = PageQuery.extend({
  unread: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1"),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const UnreadCount = z.object({ unread: z.number().int() }).meta({ id: "UnreadCount" });
export type UnreadCount = z.infer<typeof UnreadCount>;

export const MarkedRead = z.object({ marked: z.number().int() }).meta({ id: "MarkedRead" });
export type MarkedRead = z.infer<typeof MarkedRead>;

// ── channels ──

export const NotificationChannel = z
  .object({
    id: z.string(),
    regionId: z.string().nullable(),
    departmentId: z.string().nullable(),
    name: z.string(),
    kind: ChannelKind,
    target: z.string(),
    /** The secret itself is never sent back. */
    hasSecret: z.boolean(),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "NotificationChannel" });
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const ChannelListQuery = PageQuery.extend({ regionId: z.string().min(1).max(200).optional() });
export type ChannelListQuery = z.infer<typeof ChannelListQuery>;

const Target = z.string().trim().min(3).max(2000);

/** A channel of a department (its region follows) or of a region (all its departments); admins may leave both out (everywhere). */
export const CreateChannelBody = z
  .object({
    regionId: z.string().min(1).max(200).nullish(),
    departmentId: z.string().min(1).max(200).nullish(),
    name: z.string().trim().min(1).max(100),
    kind: ChannelKind,
    target: Target,
    secret: z.string().trim().min(1).max(500).nullish(),
    enabled: z.boolean().default(true),
  })
  .meta({ id: "CreateNotificationChannel" });
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

/** `secret`: a new one, null to remove it, absent to keep it. */
export const UpdateChannelBody = VersionedBody.extend({
  name: z.string().trim().min(1).max(100).optional(),
  target: Target.optional(),
  secret: z.string().trim().min(1).max(500).nullable().optional(),
  enabled: z.boolean().optional(),
}).meta({ id: "UpdateNotificationChannel" });
export type UpdateChannelBody = z.infer<typeof UpdateChannelBody>;

export const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export const ChannelTestResult = z
  .object({ ok: z.boolean(), responseCode: z.number().int().nullable(), error: z.string().nullable() })
  .meta({ id: "ChannelTestResult" });
export type ChannelTestResult = z.infer<typeof ChannelTestResult>;

// ── templates ──

/** The placeholders a template may use, each written {{名称}}. */
export const TEMPLATE_VARIABLES = [
  "任务",
  "部门",
  "地区",
  "期限",
  "签收期限",
  "报告期",
  "报告截止",
  "天数",
  "收件人",
  "链接",
] as const;

export const NotificationTemplate = z
  .object({
    id: z.string(),
    key: ReminderKind,
    /** null: the default everywhere. */
    regionId: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "NotificationTemplate" });
export type NotificationTemplate = z.infer<typeof NotificationTemplate>;

export const TemplateListQuery = z.object({ regionId: z.string().min(1).max(200).optional() });
export type TemplateListQuery = z.infer<typeof TemplateListQuery>;

const Subject = z.string().trim().min(1).max(200);
const Body = z.string().trim().min(1).max(4000);

/** A region's own wording of a kind (one per region and kind). */
export const CreateTemplateBody = z
  .object({ key: ReminderKind, regionId: z.string().min(1).max(200), subject: Subject, body: Body })
  .meta({ id: "CreateNotificationTemplate" });
export type CreateTemplateBody = z.infer<typeof CreateTemplateBody>;

export const UpdateTemplateBody = VersionedBody.extend({
  subject: Subject.optional(),
  body: Body.optional(),
}).meta({ id: "UpdateNotificationTemplate" });
export type UpdateTemplateBody = z.infer<typeof UpdateTemplateBody>;

// ── outbox and deliveries ──

export const ReminderStatus = z.enum(["pending", "sent", "dead"]).meta({ id: "ReminderStatus" });
export type ReminderStatus = z.infer<typeof ReminderStatus>;

export const Reminder = z
  .object({
    id: z.string(),
    dedupeKey: z.string(),
    kind: ReminderKind,
    assignmentId: z.string(),
    taskText: z.string(),
    recipientUserId: z.string().nullable(),
    recipientName: z.string().nullable(),
    channel: DeliveryChannel,
    channelId: z.string().nullable(),
    target: z.string().nullable(),
    notBefore: z.string(),
    status: ReminderStatus,
    attempts: z.number().int(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: "Reminder" });
export type Reminder = z.infer<typeof Reminder>;

export const ReminderListQuery = PageQuery.extend({
  status: ReminderStatus.optional(),
  assignmentId: z.string().min(1).max(200).optional(),
});
export type ReminderListQuery = z.infer<typeof ReminderListQuery>;

export const Delivery = z
  .object({
    id: z.string(),
    reminderId: z.string(),
    kind: ReminderKind,
    assignmentId: z.string(),
    channel: DeliveryChannel,
    target: z.string().nullable(),
    at: z.string(),
    ok: z.boolean(),
    error: z.string().nullable(),
    responseCode: z.number().int().nullable(),
  })
  .meta({ id: "Delivery" });
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryListQuery = PageQuery.extend({
  reminderId: z.string().min(1).max(200).optional(),
  ok: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;
