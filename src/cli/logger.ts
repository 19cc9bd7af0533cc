import { type Logger, pino } from "pino";

/** Debug logs on stderr at --debug; silent otherwise, so stdout carries nothing but results. */
export function createLogger(debug: boolean): Logger {
  return pino(
    { name: "duban", level: debug ? "debug" : "silent" },
    pino.destination({ dest: 2, sync: true }),
  );
}

export type { Logger };
