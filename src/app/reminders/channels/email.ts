import nodemailer from "nodemailer";
import { describeError, type ExternalSender } from "./types.js";

function replyCode(response: unknown): number | null {
  const m = typeof response === "string" ? /^(\d{3})/.exec(response) : null;
  return m ? Number(m[1]) : null;
}

/** E-mail over SMTP (`smtp://user:pass@host:587`, `smtps://…`); plain text in UTF-8. */
export function emailSender(smtpUrl: string, from: string): ExternalSender {
  // Bounded waits: a send must end well inside the outbox lease, or another worker could send it again.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(target, m) {
      try {
        const info = await transport.sendMail({
          from,
          to: target.address,
          subject: m.subject,
          text: m.body,
          ...(m.reminderId ? { headers: { "X-Duban-Reminder": m.reminderId } } : {}),
        });
        if (info.rejected.length > 0)
          return {
            ok: false,
            responseCode: replyCode(info.response),
            error: `rejected: ${info.rejected.map(String).join(", ")}`,
          };
        return { ok: true, responseCode: replyCode(info.response), error: null };
      } catch (err) {
        const code = (err as { responseCode?: unknown }).responseCode;
        return { ok: false, responseCode: typeof code === "number" ? code : null, error: describeError(err) };
      }
    },
    close: () => transport.close(),
  };
}
