import type {
  Assignment,
  AssignmentDetail,
  BulkAssignBody,
  BulkAssignResult,
  CreateAssignmentBody,
  UpdateAssignmentBody,
} from "../../src/contract/api/assignments.js";
import type {
  ChangePasswordBody,
  LoginBody,
  LoginResponse,
  MeResponse,
  OkResponse,
} from "../../src/contract/api/auth.js";
import type { ErrorBody } from "../../src/contract/api/common.js";
import type { DashboardSummary } from "../../src/contract/api/dashboard.js";
import type { Decomposition, ImportResult } from "../../src/contract/api/decomposition.js";
import type {
  DepartmentImportResult,
  Department as DepartmentView,
} from "../../src/contract/api/departments.js";
import type { BulletinModel } from "../../src/contract/api/documents.js";
import type { CorrectFactBody, FactDetail, FactPage, FactsQuery } from "../../src/contract/api/facts.js";
import type { IndicatorPage } from "../../src/contract/api/indicators.js";
import type {
  ChannelTestResult,
  CreateChannelBody,
  CreateTemplateBody,
  Delivery,
  MarkedRead,
  Notification,
  NotificationChannel,
  NotificationTemplate,
  Reminder,
  ReminderStatus,
  UnreadCount,
  UpdateChannelBody,
  UpdateTemplateBody,
} from "../../src/contract/api/notifications.js";
import type { ProgressEntry } from "../../src/contract/api/progress.js";
import type { RegionList } from "../../src/contract/api/regions.js";
import type {
  ReportDetail,
  ReportPage,
  UploadResponse,
  UploadResult,
} from "../../src/contract/api/reports.js";
import type {
  QualityRating,
  QualityRatingBody,
  RubricView,
  Scores,
  SetRubricBody,
} from "../../src/contract/api/scoring.js";
import type {
  AssignmentHistory,
  CalendarDay,
  CalendarYear,
  ImportNoticeBody,
  NoticeImport,
  RulesView,
  SetCalendarDayBody,
  SetRulesBody,
} from "../../src/contract/api/supervision.js";
import type { CreateUserBody, UpdateUserBody, User, UserPage } from "../../src/contract/api/users.js";
import { locale, t } from "./messages.js";

const BASE = "/api/v1";

/** An API error: the HTTP status and the server's error body (code, Chinese message, details). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly details: Record<string, unknown> = {},
    readonly messageEn = "",
  ) {
    super(messageZh);
    this.name = "ApiError";
  }
}

/** The message to show for any error: the server's message in the chosen language, or a generic one. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    return (locale === "en-US" ? err.messageEn || err.messageZh : err.messageZh) || t.common.error;
  }
  return t.common.networkError;
}

/** The session's CSRF token, sent as X-CSRF-Token with every request that changes something. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function toApiError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as ErrorBody;
    return new ApiError(
      res.status,
      body.error.code,
      body.error.messageZh,
      body.error.details ?? {},
      body.error.message,
    );
  } catch {
    return new ApiError(res.status, "HTTP_ERROR", `${t.common.error}（HTTP ${res.status}）`);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers,
    credentials: "same-origin",
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  me: () => request<MeResponse>("GET", "/auth/me"),
  login: (body: LoginBody) => request<LoginResponse>("POST", "/auth/login", body),
  logout: () => request<OkResponse>("POST", "/auth/logout", {}),
  changePassword: (body: ChangePasswordBody) => request<OkResponse>("POST", "/auth/password", body),
  reports: (params: { limit?: number; cursor?: string | null }) => {
    const q = new URLSearchParams();
    q.set("limit", String(params.limit ?? 20));
    if (params.cursor) q.set("cursor", params.cursor);
    return request<ReportPage>("GET", `/reports?${q}`);
  },
  report: (id: string) => request<ReportDetail>("GET", `/reports/${encodeURIComponent(id)}?include=body`),
  correctFact: (id: string, body: CorrectFactBody) =>
    request<FactDetail>("POST", `/facts/${encodeURIComponent(id)}/corrections`, body),
};

/**
 * Uploads one file (multipart, one part) with progress; XMLHttpRequest because fetch reports no upload
 * progress. Resolves with the file's result, which may itself be "failed" with a reason.
 */
export function uploadReport(
  file: File,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${BASE}/reports`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    if (csrfToken) xhr.setRequestHeader("x-csrf-token", csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        const result = (body as UploadResponse).results[0];
        if (result) return resolve(result);
      }
      const err = (body as ErrorBody | null)?.error;
      reject(
        new ApiError(
          xhr.status,
          err?.code ?? "HTTP_ERROR",
          err?.messageZh ?? `${t.common.error}（HTTP ${xhr.status}）`,
          err?.details ?? {},
          err?.message ?? "",
        ),
      );
    };
    xhr.onerror = () => reject(new Error("network"));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("files", file, file.name);
    xhr.send(form);
  });
}

/** Query string of the facts filters; empty values are left out. */
export function factsQueryString(f: Partial<Omit<FactsQuery, "limit" | "cursor">>): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  return q;
}

/** The 目标台账 page: facts, their filters' options, and the xlsx export. */
export const ledgerApi = {
  facts: (f: Partial<Omit<FactsQuery, "limit" | "cursor">>, limit: number, cursor?: string | null) => {
    const q = factsQueryString(f);
    q.set("limit", String(limit));
    if (cursor) q.set("cursor", cursor);
    return request<FactPage>("GET", `/facts?${q}`);
  },
  /** A plain link: the session cookie authorizes a GET, and the browser saves the attachment. */
  exportUrl: (f: Partial<Omit<FactsQuery, "limit" | "cursor">>) =>
    `${BASE}/facts/export.xlsx?${factsQueryString(f)}`,
  regions: () => request<RegionList>("GET", "/regions"),
  indicators: (cursor?: string | null) =>
    request<IndicatorPage>(
      "GET",
      `/indicators?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    ),
};

/** The admin pages: users and departments. */
export const adminApi = {
  users: (p: { q?: string; cursor?: string | null; limit?: number }) => {
    const q = new URLSearchParams({ limit: String(p.limit ?? 50) });
    if (p.q) q.set("q", p.q);
    if (p.cursor) q.set("cursor", p.cursor);
    return request<UserPage>("GET", `/users?${q}`);
  },
  createUser: (body: CreateUserBody) => request<User>("POST", "/users", body),
  updateUser: (id: string, body: UpdateUserBody) =>
    request<User>("PATCH", `/users/${encodeURIComponent(id)}`, body),
  resetPassword: (userId: string, newPassword: string) =>
    request<OkResponse>("POST", "/auth/password", { userId, newPassword }),
  departments: (p: { regionId?: string; cursor?: string | null; limit?: number }) => {
    const q = new URLSearchParams({ limit: String(p.limit ?? 200) });
    if (p.regionId) q.set("regionId", p.regionId);
    if (p.cursor) q.set("cursor", p.cursor);
    return request<{ items: DepartmentView[]; nextCursor: string | null }>("GET", `/departments?${q}`);
  },
  createDepartment: (body: { regionId: string; name: string; shortName?: string | null }) =>
    request<DepartmentView>("POST", "/departments", body),
  updateDepartment: (id: string, body: { version: number; name?: string; shortName?: string | null }) =>
    request<DepartmentView>("PATCH", `/departments/${encodeURIComponent(id)}`, body),
  /** Uploads a department list: `dryRun` previews; otherwise applies all rows or none. */
  importDepartments: async (file: File, opts: { regionId?: string; dryRun: boolean }) => {
    const q = new URLSearchParams({ dryRun: String(opts.dryRun) });
    if (opts.regionId) q.set("regionId", opts.regionId);
    const form = new FormData();
    form.append("file", file, file.name);
    const headers: Record<string, string> = { accept: "application/json" };
    if (csrfToken) headers["x-csrf-token"] = csrfToken;
    const res = await fetch(`${BASE}/departments/import?${q}`, {
      method: "POST",
      headers,
      credentials: "same-origin",
      body: form,
    });
    if (!res.ok) throw await toApiError(res);
    return (await res.json()) as DepartmentImportResult;
  },
};

/** A multipart POST (files and text fields) with the CSRF token; resolves with the JSON answer. */
async function postForm<T>(path: string, fields: Record<string, string>, files: File[], fileField: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(fileField, f, f.name);
  const headers: Record<string, string> = { accept: "application/json" };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(`${BASE}${path}`, {
    method: "POST",
    headers,
    credentials: "same-origin",
    body: form,
  });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

/** 分解 and 督办 work: the 分解表 of a report, assignments, progress and the dashboard. */
export const workApi = {
  decomposition: (reportId: string) =>
    request<Decomposition>("GET", `/reports/${encodeURIComponent(reportId)}/decomposition`),
  /** A plain link: the session cookie authorizes a GET, and the browser saves the attachment. */
  exportUrl: (reportId: string) => `${BASE}/reports/${encodeURIComponent(reportId)}/decomposition/export`,
  importDecomposition: (reportId: string, file: File, opts: { dryRun: boolean; expect?: string }) => {
    const q = new URLSearchParams({ dryRun: String(opts.dryRun) });
    if (opts.expect) q.set("expect", opts.expect);
    return postForm<ImportResult>(
      `/reports/${encodeURIComponent(reportId)}/decomposition/import?${q}`,
      {},
      [file],
      "file",
    );
  },
  /** Every department of a region (all pages). */
  departments: async (regionId: string | null) => {
    const all: DepartmentView[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ limit: "500" });
      if (regionId) q.set("regionId", regionId);
      if (cursor) q.set("cursor", cursor);
      const page: { items: DepartmentView[]; nextCursor: string | null } = await request(
        "GET",
        `/departments?${q}`,
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  },
  assign: (taskId: string, body: CreateAssignmentBody) =>
    request<Assignment>("POST", `/tasks/${encodeURIComponent(taskId)}/assignment`, body),
  bulkAssign: (body: BulkAssignBody) => request<BulkAssignResult>("POST", "/assignments/bulk", body),
  updateAssignment: (id: string, body: UpdateAssignmentBody) =>
    request<Assignment>("PATCH", `/assignments/${encodeURIComponent(id)}`, body),
  /** Every assignment the caller may see (all pages; a department's list is short). */
  allAssignments: async () => {
    const all: Assignment[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ limit: "500" });
      if (cursor) q.set("cursor", cursor);
      const page: { items: Assignment[]; nextCursor: string | null } = await request(
        "GET",
        `/assignments?${q}`,
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  },
  assignment: (id: string) => request<AssignmentDetail>("GET", `/assignments/${encodeURIComponent(id)}`),
  submitProgress: (id: string, body: { percent: number; text: string }, files: File[]) =>
    postForm<ProgressEntry>(
      `/assignments/${encodeURIComponent(id)}/progress`,
      { percent: String(body.percent), text: body.text },
      files,
      "files",
    ),
  evidenceUrl: (id: string) => `${BASE}/evidence/${encodeURIComponent(id)}`,
  dashboard: () => request<DashboardSummary>("GET", "/dashboard/summary"),
};

type Paged<T> = { items: T[]; nextCursor: string | null };
const enc = encodeURIComponent;

/** In-app notifications (the bell) and the reminder settings and log (admins and supervisors). */
export const notifyApi = {
  unreadCount: () => request<UnreadCount>("GET", "/notifications/unread-count"),
  notifications: (p: { unread?: boolean; limit?: number; cursor?: string | null }) => {
    const q = new URLSearchParams({ limit: String(p.limit ?? 20) });
    if (p.unread) q.set("unread", "true");
    if (p.cursor) q.set("cursor", p.cursor);
    return request<Paged<Notification>>("GET", `/notifications?${q}`);
  },
  markRead: (id: string) => request<Notification>("POST", `/notifications/${enc(id)}/read`, {}),
  markAllRead: () => request<MarkedRead>("POST", "/notifications/read-all", {}),
  channels: () => request<Paged<NotificationChannel>>("GET", "/notification-channels?limit=500"),
  createChannel: (body: CreateChannelBody) =>
    request<NotificationChannel>("POST", "/notification-channels", body),
  updateChannel: (id: string, body: UpdateChannelBody) =>
    request<NotificationChannel>("PATCH", `/notification-channels/${enc(id)}`, body),
  deleteChannel: (id: string, version: number) =>
    request<void>("DELETE", `/notification-channels/${enc(id)}?version=${version}`),
  testChannel: (id: string) =>
    request<ChannelTestResult>("POST", `/notification-channels/${enc(id)}/test`, {}),
  templates: () => request<{ items: NotificationTemplate[] }>("GET", "/notification-templates"),
  createTemplate: (body: CreateTemplateBody) =>
    request<NotificationTemplate>("POST", "/notification-templates", body),
  updateTemplate: (id: string, body: UpdateTemplateBody) =>
    request<NotificationTemplate>("PATCH", `/notification-templates/${enc(id)}`, body),
  deleteTemplate: (id: string, version: number) =>
    request<void>("DELETE", `/notification-templates/${enc(id)}?version=${version}`),
  deliveries: (p: { failedOnly?: boolean; cursor?: string | null }) => {
    const q = new URLSearchParams({ limit: "50" });
    if (p.failedOnly) q.set("ok", "false");
    if (p.cursor) q.set("cursor", p.cursor);
    return request<Paged<Delivery>>("GET", `/deliveries?${q}`);
  },
  reminders: (p: { status?: ReminderStatus; cursor?: string | null }) => {
    const q = new URLSearchParams({ limit: "50" });
    if (p.status) q.set("status", p.status);
    if (p.cursor) q.set("cursor", p.cursor);
    return request<Paged<Reminder>>("GET", `/reminders?${q}`);
  },
  retryReminder: (id: string) =>
    request<{ id: string; status: "pending" }>("POST", `/reminders/${enc(id)}/retry`, {}),
};

/** The 督办 cycle: 签收, 退回, 审核, 办结, 延期, the task history, status rules and the calendar. */
export const cycleApi = {
  acknowledge: (id: string, version: number) =>
    request<AssignmentDetail>("POST", `/assignments/${enc(id)}/acknowledge`, { version }),
  decline: (id: string, version: number, reason: string) =>
    request<AssignmentDetail>("POST", `/assignments/${enc(id)}/decline`, { version, reason }),
  reassign: (id: string, body: { version: number; leadDepartmentId: string; reason?: string }) =>
    request<AssignmentDetail>("POST", `/assignments/${enc(id)}/reassign`, body),
  review: (progressId: string, body: { version: number; decision: "accept" | "return"; reason?: string }) =>
    request<AssignmentDetail>("POST", `/progress/${enc(progressId)}/review`, body),
  requestClosure: (id: string, body: { version: number; text: string }, files: File[]) =>
    postForm<AssignmentDetail>(
      `/assignments/${enc(id)}/closure`,
      { version: String(body.version), text: body.text },
      files,
      "files",
    ),
  decideClosure: (id: string, body: { version: number; decision: "approve" | "reject"; reason?: string }) =>
    request<AssignmentDetail>("POST", `/assignments/${enc(id)}/closure/decision`, body),
  requestExtension: (id: string, body: { version: number; requestedDeadline: string; reason: string }) =>
    request<AssignmentDetail>("POST", `/assignments/${enc(id)}/extensions`, body),
  decideExtension: (
    extensionId: string,
    body: { version: number; decision: "approve" | "refuse"; reason?: string },
  ) => request<AssignmentDetail>("POST", `/extensions/${enc(extensionId)}/decision`, body),
  history: (id: string) => request<AssignmentHistory>("GET", `/assignments/${enc(id)}/history`),
  rules: (regionId?: string | null) =>
    request<RulesView>("GET", `/supervision/rules${regionId ? `?regionId=${enc(regionId)}` : ""}`),
  setRules: (body: SetRulesBody) => request<RulesView>("POST", "/supervision/rules", body),
  calendar: (year: number) => request<CalendarYear>("GET", `/calendar?year=${year}`),
  setCalendarDay: (body: SetCalendarDayBody) => request<CalendarDay>("POST", "/calendar/days", body),
  deleteCalendarDay: (day: string) => request<void>("DELETE", `/calendar/days/${enc(day)}`),
  importCalendarNotice: (body: ImportNoticeBody) => request<NoticeImport>("POST", "/calendar/notice", body),
};

/** 考评, 通报 and 台账: rubric, scores, the bulletin's model and the document downloads. */
export const scoringApi = {
  rubric: (regionId: string, year: number) =>
    request<RubricView>("GET", `/scoring/rubric?${new URLSearchParams({ regionId, year: String(year) })}`),
  setRubric: (body: SetRubricBody) => request<RubricView>("PUT", "/scoring/rubric", body),
  scores: (regionId: string, period: string) =>
    request<Scores>("GET", `/scoring/scores?${new URLSearchParams({ regionId, period })}`),
  bulletin: (regionId: string, period: string) =>
    request<BulletinModel>("GET", `/documents/bulletin?${new URLSearchParams({ regionId, period })}`),
  /** Plain links: the session cookie authorizes a GET, and the browser saves the attachment. */
  bulletinDocxUrl: (regionId: string, period: string) =>
    `${BASE}/documents/bulletin.docx?${new URLSearchParams({ regionId, period })}`,
  ledgerXlsxUrl: (regionId: string | null) =>
    `${BASE}/documents/ledger.xlsx${regionId ? `?${new URLSearchParams({ regionId })}` : ""}`,
  /** The supervisors' quality rating (质量评价) of an assignment; null when it has none. */
  qualityRating: (assignmentId: string) =>
    request<QualityRating | null>("GET", `/assignments/${enc(assignmentId)}/quality-rating`),
  /** Rates a closed assignment; a change names the version read (409 when stale). */
  rateQuality: (assignmentId: string, body: QualityRatingBody) =>
    request<QualityRating>("PUT", `/assignments/${enc(assignmentId)}/quality-rating`, body),
};
