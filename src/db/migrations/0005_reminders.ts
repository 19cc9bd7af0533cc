import { type Kysely, sql } from "kysely";

/**
 * Reminders and escalation (催办): where messages go (channels), what they say (templates, seeded in Chinese
 * and editable), an outbox of reminders that several server processes share, the log of every delivery
 * attempt, and the in-app notifications users read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const ts = "text";

  // Group robots and mailboxes of a region (department_id null) or of one department.
  await s
    .createTable("notification_channels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    .addColumn("department_id", "text", (c) => c.references("departments.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    // email | dingtalk | wecom
    .addColumn("kind", "text", (c) => c.notNull())
    // An e-mail address or a webhook URL.
    .addColumn("target", "text", (c) => c.notNull())
    // DingTalk's signing secret; never sent back to a client.
    .addColumn("secret", "text")
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await s
    .createIndex("notification_channels_scope")
    .on("notification_channels")
    .columns(["region_id", "department_id"])
    .execute();

  // One text per reminder kind everywhere (region_id null, seeded below) and optionally one per region.
  await s
    .createTable("notification_templates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  // NULLs never collide in a plain unique index, hence the coalesce.
  await s
    .createIndex("notification_templates_key_region")
    .on("notification_templates")
    .expression(sql`key, coalesce(region_id, '')`)
    .unique()
    .execute();

  // The outbox. A reminder is planned by whichever process gets there first (the unique dedupe_key makes the
  // others' inserts no-ops) and sent by whichever claims its lease (locked_by/locked_until).
  await s
    .createTable("reminders")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("assignment_id", "text", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("recipient_user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    // inapp | email | dingtalk | wecom
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.references("notification_channels.id").onDelete("cascade"))
    .addColumn("target", "text")
    // The template's variables (JSON): rendered when sent, so an edited template applies to what is pending.
    .addColumn("payload", "text", (c) => c.notNull())
    // Not before the end of quiet hours.
    .addColumn("not_before", ts, (c) => c.notNull())
    // pending | sent | dead
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", ts, (c) => c.notNull())
    .addColumn("last_error", "text")
    .addColumn("locked_by", "text")
    .addColumn("locked_until", ts)
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("sent_at", ts)
    .execute();
  await s.createIndex("reminders_due").on("reminders").columns(["status", "next_attempt_at"]).execute();
  await s.createIndex("reminders_assignment").on("reminders").column("assignment_id").execute();

  // One row per attempt, successful or not: the deliveries log admins read.
  await s
    .createTable("deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reminder_id", "text", (c) => c.notNull().references("reminders.id").onDelete("cascade"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("at", ts, (c) => c.notNull())
    .addColumn("ok", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("response_code", "integer")
    .addColumn("worker", "text")
    .execute();
  await s.createIndex("deliveries_reminder").on("deliveries").columns(["reminder_id", "at"]).execute();
  await s.createIndex("deliveries_at").on("deliveries").column("at").execute();

  // In-app messages. A reminder yields at most one (unique reminder_id; NULLs are messages of other origin).
  await s
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("reminder_id", "text", (c) => c.unique().references("reminders.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("link", "text")
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("read_at", ts)
    .execute();
  await s
    .createIndex("notifications_user")
    .on("notifications")
    .columns(["user_id", "read_at", "id"])
    .execute();

  const now = new Date().toISOString();
  await (db as Kysely<{ notification_templates: Record<string, unknown> }>)
    .insertInto("notification_templates")
    .values(
      DEFAULT_TEMPLATES.map((t, i) => ({
        id: `tpl-default-${t.key}-${i}`,
        key: t.key,
        region_id: null,
        subject: t.subject,
        body: t.body,
        updated_by: null,
        updated_at: now,
        version: 1,
      })),
    )
    .execute();
}

/**
 * The texts a fresh ledger starts with. A copy, not an import: a migration must keep seeding what it seeded
 * when it shipped, whatever the application's defaults become.
 */
const DEFAULT_TEMPLATES: Array<{ key: string; subject: string; body: string }> = [
  {
    key: "ack_before",
    subject: "【签收提醒】{{任务}}",
    body: "{{部门}}：交办任务“{{任务}}”请于{{签收期限}}前签收。\n查看：{{链接}}",
  },
  {
    key: "ack_missed",
    subject: "【签收逾期】{{任务}}",
    body: "{{部门}}：交办任务“{{任务}}”签收期限{{签收期限}}已过，尚未签收，请尽快签收。\n查看：{{链接}}",
  },
  {
    key: "report_before",
    subject: "【填报提醒】{{报告期}}进展：{{任务}}",
    body: "{{部门}}：任务“{{任务}}”{{报告期}}进展请于{{报告截止}}前填报。\n填报：{{链接}}",
  },
  {
    key: "report_missed",
    subject: "【填报逾期】{{报告期}}进展：{{任务}}",
    body: "{{部门}}：任务“{{任务}}”{{报告期}}进展应于{{报告截止}}前填报，至今未报，请尽快填报。\n填报：{{链接}}",
  },
  {
    key: "deadline_before",
    subject: "【到期提醒】{{任务}}",
    body: "{{部门}}：任务“{{任务}}”办理期限为{{期限}}，还有{{天数}}个工作日到期，请抓紧办理。\n查看：{{链接}}",
  },
  {
    key: "deadline_missed",
    subject: "【超期提醒】{{任务}}",
    body: "{{部门}}：任务“{{任务}}”已超过办理期限{{期限}}，请尽快办结或申请延期。\n查看：{{链接}}",
  },
  {
    key: "escalate",
    subject: "【催办单】{{任务}}",
    body: "{{收件人}}：贵单位（{{部门}}）牵头的任务“{{任务}}”办理期限为{{期限}}，已超期{{天数}}天。请督促办理，并及时反馈办理情况。\n查看：{{链接}}",
  },
  {
    key: "red_list",
    subject: "【列入红榜】{{任务}}",
    body: "{{部门}}牵头的任务“{{任务}}”办理期限为{{期限}}，已超期{{天数}}天，已列入督办红榜。\n查看：{{链接}}",
  },
];
