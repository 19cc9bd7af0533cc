import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The ledger's tables, as Kysely sees them. Timestamps are ISO-8601 strings (UTC) on both databases; JSON
 * columns hold text. `version` columns carry optimistic concurrency: every update names the version it read.
 */
type Timestamp = string;
// Flags are integers 0/1: SQLite has no boolean type and its driver binds no JS booleans.
type Json = string;
/** A nullable column added by a later migration: inserts may leave it out. */
type Later<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type Role = "admin" | "supervisor" | "department" | "viewer";
export type RegionLevel = "national" | "province" | "city" | "county" | "district" | "zone";

export interface RegionsTable {
  id: string;
  name: string;
  level: RegionLevel;
  parent_id: string | null;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface ReportsTable {
  id: string;
  sha256: string;
  region_id: string | null;
  title: string | null;
  region_name: string | null;
  report_date: string | null;
  summary_year: number | null;
  plan_year: number | null;
  source_path: string;
  format: string;
  encoding: string;
  script: string;
  chars: number;
  /** The decoded text every offset points into. */
  body: string;
  extractor_version: string;
  published: ColumnType<number, number | undefined, number>;
  deleted_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface SectionsTable {
  id: string;
  report_id: string;
  ext_id: string;
  parent_ext_id: string | null;
  heading: string;
  role: string;
  start_pos: number;
  end_pos: number;
}

export interface FactsTable {
  id: string;
  report_id: string;
  ext_id: string;
  kind: string;
  indicator: string | null;
  indicator_id: string | null;
  subject: string | null;
  measure: string;
  value: number;
  value_max: number | null;
  unit: string;
  normalized_value: number | null;
  normalized_unit: string | null;
  comparator: string;
  basis: string | null;
  period_from: number | null;
  period_to: number | null;
  section_ext_id: string | null;
  section_role: string | null;
  quote: string;
  start_pos: number;
  end_pos: number;
  /** Denormalized from the report for filtering without joins. */
  region_id: string | null;
  plan_year: number | null;
  /** Space-separated character bigrams of indicator and quote: the full-text index reads this. */
  search_text: string;
  /** Bumped by each correction: a correction names the version it read. */
  version: ColumnType<number, number | undefined, number>;
}

/** One row per (search token, fact), kept in step with facts.search_text by triggers (migration 0004). */
export interface FactPostingsTable {
  token: string;
  fact_id: string;
}

export interface FactCorrectionsTable {
  id: string;
  fact_id: string;
  author_id: string | null;
  reason: string;
  /** Fields the person set (kind, indicator, value …), as JSON; null fields keep the extractor's value. */
  changes: Json;
  not_a_fact: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface TasksTable {
  id: string;
  report_id: string;
  ext_id: string;
  group_name: string | null;
  text: string;
  section_ext_id: string | null;
  deadline: string | null;
  fact_ext_ids: Json;
  start_pos: number;
  end_pos: number;
  region_id: string | null;
  plan_year: number | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface IndicatorsTable {
  id: string;
  name: string;
  category: string | null;
  unit: string | null;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface IndicatorSynonymsTable {
  synonym: string;
  indicator_id: string;
}

export interface DepartmentsTable {
  id: string;
  region_id: string | null;
  name: string;
  short_name: string | null;
  /** The user a 催办单 goes to. */
  head_user_id: Later<string>;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface AssignmentsTable {
  id: string;
  task_id: string;
  lead_department_id: string;
  deadline: string | null;
  status: string;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
  /** 签收 due date (YYYY-MM-DD), working days after 交办 by the rules in force. */
  ack_due_date: Later<string>;
  acknowledged_at: Later<Timestamp>;
  acknowledged_by: Later<string>;
  /** monthly | quarterly | milestone */
  report_cycle: ColumnType<string, string | undefined, string>;
  /** Day of the month a periodic report is due; null = the rules' default. */
  report_day: Later<number>;
  closure_requested_at: Later<Timestamp>;
  closed_at: Later<Timestamp>;
  /** 0 none, 1 催办单 sent, 2 on the red list. */
  escalation_level: ColumnType<number, number | undefined, number>;
}

export interface AssignmentDepartmentsTable {
  assignment_id: string;
  department_id: string;
}

export interface MilestonesTable {
  id: string;
  assignment_id: string;
  title: string;
  due_date: string | null;
  done_at: Timestamp | null;
}

export interface ProgressEntriesTable {
  id: string;
  assignment_id: string;
  author_id: string | null;
  percent: number;
  text: string;
  created_at: Timestamp;
  /** progress | closure */
  kind: ColumnType<string, string | undefined, string>;
  /** "2026-03", "2026-Q1", a milestone id, or null. */
  period_key: Later<string>;
  /** pending | accepted | returned */
  review_status: ColumnType<string, string | undefined, string>;
  reviewed_by: Later<string>;
  reviewed_at: Later<Timestamp>;
  review_reason: Later<string>;
}

export interface ExtensionRequestsTable {
  id: string;
  assignment_id: string;
  requested_by: string | null;
  current_deadline: string | null;
  requested_deadline: string;
  reason: string;
  /** pending | approved | refused */
  status: string;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  created_at: Timestamp;
}

export interface AssignmentEventsTable {
  id: string;
  assignment_id: string;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  detail: Json | null;
}

/**
 * What the status engine last computed for an assignment, apart from it so a recolouring writes a narrow row
 * and leaves the wide one and its indexes alone. No row: never coloured (green, no detail).
 */
export interface AssignmentColoursTable {
  assignment_id: string;
  /** The assignment's version the colour was computed from: an older computation never overwrites it. */
  version: number;
  /** green | blue | yellow | red | done */
  colour: string;
  /** Why (JSON: code, percent, effective deadline, milestone due); null when set by hand. */
  detail: Json | null;
  /** When it was computed; null marks it stale (a rule or calendar change): the next run recomputes it. */
  at: Timestamp | null;
}

export interface SupervisionRulesTable {
  id: string;
  region_id: string | null;
  /** YYYY-MM-DD: in force from this day until a later row of the same region. */
  effective_from: string;
  rules: Json;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CalendarDaysTable {
  day: string;
  /** holiday | workday */
  kind: string;
  name: string | null;
  created_at: Timestamp;
}

export interface ScoringRubricsTable {
  id: string;
  /** null: the rubric everywhere. */
  region_id: string | null;
  /** region_id, or "*" for everywhere (unique with year and version). */
  scope: string;
  year: number;
  /** Every change is a new row; the highest version is in force. */
  version: number;
  rubric: Json;
  created_by: string | null;
  created_at: Timestamp;
}

export interface QualityRatingsTable {
  id: string;
  assignment_id: string;
  /** excellent | good | fair | poor */
  level: string;
  reason: string;
  rated_by: string | null;
  rated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface EvidenceFilesTable {
  /** sha256 of the content: the same file uploaded twice is stored once. */
  id: string;
  name: string;
  mime: string;
  size: number;
  content: Buffer;
  created_at: Timestamp;
}

export interface ProgressEvidenceTable {
  progress_id: string;
  evidence_id: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  region_id: string | null;
  department_id: string | null;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  disabled: ColumnType<number, number | undefined, number>;
  email: Later<string>;
  phone: Later<string>;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginThrottleTable {
  /** "ip:1.2.3.4" or "user:name". */
  key: string;
  window_start: Timestamp;
  attempts: number;
}

export interface AuditLogTable {
  id: string;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
}

export interface NotificationChannelsTable {
  id: string;
  /** The region whose reminders it carries (null: everywhere), or the department's region. */
  region_id: string | null;
  /** Only this department's reminders; null: every department of the region. */
  department_id: string | null;
  name: string;
  /** email | dingtalk | wecom */
  kind: string;
  /** An e-mail address or a webhook URL. */
  target: string;
  /** DingTalk signing secret; never sent to clients. */
  secret: string | null;
  enabled: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface NotificationTemplatesTable {
  id: string;
  /** The reminder kind it words (ack_before, escalate …). */
  key: string;
  /** null: the default everywhere; else this region's own wording. */
  region_id: string | null;
  subject: string;
  body: string;
  updated_by: string | null;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface RemindersTable {
  id: string;
  /** One reminder per key, however many processes plan it. */
  dedupe_key: string;
  kind: string;
  assignment_id: string;
  recipient_user_id: string | null;
  /** inapp | email | dingtalk | wecom */
  channel: string;
  channel_id: string | null;
  target: string | null;
  /** Template variables (JSON). */
  payload: Json;
  not_before: Timestamp;
  /** pending | sent | dead */
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: Later<string>;
  locked_by: Later<string>;
  locked_until: Later<Timestamp>;
  created_at: Timestamp;
  sent_at: Later<Timestamp>;
}

export interface DeliveriesTable {
  id: string;
  reminder_id: string;
  channel: string;
  target: string | null;
  at: Timestamp;
  ok: number;
  error: string | null;
  response_code: number | null;
  worker: string | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  reminder_id: string | null;
  title: string;
  body: string;
  link: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface Database {
  regions: RegionsTable;
  reports: ReportsTable;
  sections: SectionsTable;
  facts: FactsTable;
  fact_postings: FactPostingsTable;
  fact_corrections: FactCorrectionsTable;
  tasks: TasksTable;
  indicators: IndicatorsTable;
  indicator_synonyms: IndicatorSynonymsTable;
  departments: DepartmentsTable;
  assignments: AssignmentsTable;
  assignment_departments: AssignmentDepartmentsTable;
  milestones: MilestonesTable;
  progress_entries: ProgressEntriesTable;
  evidence_files: EvidenceFilesTable;
  progress_evidence: ProgressEvidenceTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  extension_requests: ExtensionRequestsTable;
  assignment_events: AssignmentEventsTable;
  assignment_colours: AssignmentColoursTable;
  supervision_rules: SupervisionRulesTable;
  calendar_days: CalendarDaysTable;
  scoring_rubrics: ScoringRubricsTable;
  quality_ratings: QualityRatingsTable;
  notification_channels: NotificationChannelsTable;
  notification_templates: NotificationTemplatesTable;
  reminders: RemindersTable;
  deliveries: DeliveriesTable;
  notifications: NotificationsTable;
}

export type RegionRow = Selectable<RegionsTable>;
export type ReportRow = Selectable<ReportsTable>;
export type FactRow = Selectable<FactsTable>;
export type TaskRow = Selectable<TasksTable>;
export type UserRow = Selectable<UsersTable>;
export type NewFact = Insertable<FactsTable>;
export type NewTask = Insertable<TasksTable>;
export type UserUpdate = Updateable<UsersTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type { Generated };
