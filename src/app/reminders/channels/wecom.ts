import type { ExternalSender, FetchLike } from "./types.js";
import { postRobot } from "./webhook.js";

/** A WeCom (企业微信) group robot, markdown message; its key is part of the webhook URL, no signing. */
export function wecomSender(fetchFn: FetchLike): ExternalSender {
  return {
    send: (target, m) =>
      postRobot(fetchFn, target.address, {
        msgtype: "markdown",
        markdown: { content: `**${m.subject}**\n${m.body}` },
      }),
  };
}
