import { describeError, type FetchLike, type SendResult } from "./types.js";

const TIMEOUT_MS = 10_000;

/**
 * Posts JSON to a robot webhook. DingTalk and WeCom answer HTTP 200 even when they refuse a message; the
 * refusal is `errcode` ≠ 0 in the body, so that counts as a failure too.
 */
export async function postRobot(fetchFn: FetchLike, url: string, payload: unknown): Promise<SendResult> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { ok: false, responseCode: null, error: describeError(err) };
  }
  const text = await res.text().catch(() => "");
  if (!res.ok)
    return { ok: false, responseCode: res.status, error: `HTTP ${res.status}: ${text.slice(0, 300)}` };
  let errcode: unknown = 0;
  let errmsg: unknown = "";
  try {
    const body = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    errcode = body.errcode ?? 0;
    errmsg = body.errmsg ?? "";
  } catch {
    // A 2xx without a JSON body: nothing says it was refused.
  }
  if (errcode !== 0 && errcode !== "0")
    return { ok: false, responseCode: res.status, error: `errcode ${String(errcode)}: ${String(errmsg)}` };
  return { ok: true, responseCode: res.status, error: null };
}
