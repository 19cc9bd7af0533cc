import type {
  ChangePasswordBody,
  LoginBody,
  LoginResponse,
  MeResponse,
  OkResponse,
} from "../../src/contract/api/auth.js";
import type { ErrorBody } from "../../src/contract/api/common.js";
import type { CorrectFactBody, FactDetail } from "../../src/contract/api/facts.js";
import type {
  ReportDetail,
  ReportPage,
  UploadResponse,
  UploadResult,
} from "../../src/contract/api/reports.js";
import { t } from "./messages.js";

const BASE = "/api/v1";

/** An API error: the HTTP status and the server's error body (code, Chinese message, details). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(messageZh);
    this.name = "ApiError";
  }
}

/** The message to show for any error: the server's Chinese message, or a generic one. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.messageZh || t.common.error;
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
    return new ApiError(res.status, body.error.code, body.error.messageZh, body.error.details ?? {});
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
