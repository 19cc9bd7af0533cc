import type { CliConfig } from "./config.js";
import type { Logger } from "./logger.js";

/** What every command gets from start-up. */
export interface CliContext {
  readonly config: CliConfig;
  readonly log: Logger;
  /** --debug: full errors with stacks, debug logs on stderr. */
  readonly debug: boolean;
  /** Set by the command that ran. */
  exitCode: number;
}
