import { randomBytes } from "node:crypto";

/**
 * Time-ordered ids (like ULID/UUIDv7): 12 hex digits of milliseconds, a 4-digit counter within the
 * millisecond and 8 random hex digits. They sort by creation time, which cursor pagination and the audit log
 * rely on, and need no database sequence, so any number of `duban serve` processes can mint them.
 */
let lastMs = 0;
let counter = 0;

export function newId(): string {
  const ms = Date.now();
  if (ms === lastMs) counter++;
  else {
    lastMs = ms;
    counter = 0;
  }
  return `${ms.toString(16).padStart(12, "0")}${(counter & 0xffff).toString(16).padStart(4, "0")}${randomBytes(4).toString("hex")}`;
}

/** Stable id of an extracted item within a report, so re-extraction keeps corrections attached. */
export function itemId(reportId: string, kind: "f" | "t" | "s", start: number, end: number): string {
  return `${reportId}:${kind}:${start}:${end}`;
}
