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
  /** green | blue | yellow | red | done — as the status engine last computed it. */
  colour: ColumnType<string, string | undefined, string>;
  colour_detail: Later<Json>;
  colour_at: Later<Timestamp>;
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

export interface Database {
  regions: RegionsTable;
  reports: ReportsTable;
  sections: SectionsTable;
  facts: FactsTable;
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
  supervision_rules: SupervisionRulesTable;
  calendar_days: CalendarDaysTable;
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
