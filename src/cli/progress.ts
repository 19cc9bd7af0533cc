import { basename } from "node:path";
import cliProgress from "cli-progress";
import { truncate } from "./width.js";

/** Where per-file messages go while a run is in progress. */
export interface Reporter {
  /** A line for stderr (an error or a warning), printed without breaking the progress bar. */
  line(text: string): void;
  /** One more input done. */
  tick(path: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it helps: stderr is a terminal, there is more than one file, and debug
 * logging is not writing to the same terminal. Otherwise lines go straight to stderr.
 */
export function createReporter(total: number, opts: { debug: boolean }): Reporter {
  if (!process.stderr.isTTY || total <= 1 || opts.debug) {
    return { line: (text) => process.stderr.write(`${text}\n`), tick: () => {}, stop: () => {} };
  }
  const bars = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: "extracting [{bar}] {value}/{total} {file}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
    },
    cliProgress.Presets.legacy, // ASCII: block characters are double width in many CJK terminals
  );
  const bar = bars.create(total, 0, { file: "" });
  return {
    line: (text) => {
      bars.log(`${text}\n`);
      bars.update(); // prints the line now: stop() would drop lines still waiting for the next redraw
    },
    tick: (path) => bar.increment(1, { file: truncate(basename(path), 40) }),
    stop: () => bars.stop(),
  };
}
