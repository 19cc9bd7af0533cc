import { createHmac } from "node:crypto";
import type { ExternalSender, FetchLike } from "./types.js";
import { postRobot } from "./webhook.js";

/** DingTalk's robot signature: base64(HMAC-SHA256(secret, timestamp + "\n" + secret)). */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
}

/** The webhook URL with `timestamp` and `sign` appended (the sign URL-encoded, as DingTalk requires). */
export function signedDingtalkUrl(webhook: string, secret: string | null, now: Date): string {
  if (!secret) return webhook;
  const timestamp = now.getTime();
  const sep = webhook.includes("?") ? "&" : "?";
  return `${webhook}${sep}timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(secret, timestamp))}`;
}

/** A DingTalk group robot (自定义机器人), markdown message. */
export function dingtalkSender(fetchFn: FetchLike, now: () => Date = () => new Date()): ExternalSender {
  return {
    send: (target, m) =>
      postRobot(fetchFn, signedDingtalkUrl(target.address, target.secret, now()), {
        msgtype: "markdown",
        markdown: { title: m.subject, text: `#### ${m.subject}\n\n${m.body.replace(/\n/g, "\n\n")}` },
      }),
  };
}
