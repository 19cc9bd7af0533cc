/** A rendered message on its way out. */
export interface OutgoingMessage {
  subject: string;
  body: string;
  /** Absolute (or app-relative) link to the task. */
  link: string;
  /** The reminder it carries, where the medium has room to say so (an e-mail header). */
  reminderId?: string;
}

/** What one attempt gave: the deliveries log keeps all three. */
export interface SendResult {
  ok: boolean;
  /** HTTP status, SMTP reply code, or null when nothing answered. */
  responseCode: number | null;
  error: string | null;
}

/** An external channel: an address (mailbox, webhook URL) and, for DingTalk, a signing secret. */
export interface ExternalSender {
  send(target: { address: string; secret: string | null }, message: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void> | void;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The senders of one process; a null email sender means no SMTP is configured (e-mail reminders wait). */
export interface Senders {
  email: ExternalSender | null;
  dingtalk: ExternalSender;
  wecom: ExternalSender;
}

/** Why an attempt failed, short enough for the log. */
export function describeError(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown } };
  const parts = [e?.code, e?.message, e?.cause?.code ?? e?.cause?.message].filter(
    (p): p is string => typeof p === "string" && p.length > 0,
  );
  return (parts.length > 0 ? [...new Set(parts)].join(": ") : String(err)).slice(0, 1000);
}
