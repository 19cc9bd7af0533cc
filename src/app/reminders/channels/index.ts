import { dingtalkSender } from "./dingtalk.js";
import { emailSender } from "./email.js";
import type { FetchLike, Senders } from "./types.js";
import { wecomSender } from "./wecom.js";

export type { ExternalSender, FetchLike, OutgoingMessage, Senders, SendResult } from "./types.js";

/** The senders of a process, from its settings; `fetch` is injectable so tests talk to a local server. */
export function makeSenders(opts: {
  smtpUrl?: string | null | undefined;
  mailFrom?: string | null | undefined;
  fetch?: FetchLike;
  now?: () => Date;
}): Senders {
  const fetchFn: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  return {
    email: opts.smtpUrl ? emailSender(opts.smtpUrl, opts.mailFrom || "duban@localhost") : null,
    dingtalk: dingtalkSender(fetchFn, opts.now),
    wecom: wecomSender(fetchFn),
  };
}

export async function closeSenders(s: Senders): Promise<void> {
  await s.email?.close?.();
}
