import { DEFAULT_RULES, SupervisionRules } from "../../contract/api/supervision.js";

export interface RulesRow {
  regionId: string | null;
  /** YYYY-MM-DD: in force from this day until a later row of the same region. */
  effectiveFrom: string;
  /** The stored JSON (parsed) or rules already checked; missing fields take their defaults. */
  rules: unknown;
}

/**
 * The rules that judge a task of a region on `day`: the first region of `regionChain` (own region first,
 * then its ancestors, null = the nationwide rows last) with a row in force on `day`, that row being the
 * latest one starting on or before `day`. A past day is judged by the rules in force then. No row at all:
 * DEFAULT_RULES.
 */
export function rulesAt(
  rows: ReadonlyArray<RulesRow>,
  regionChain: ReadonlyArray<string | null>,
  day: string,
): SupervisionRules {
  for (const region of regionChain) {
    let best: RulesRow | null = null;
    for (const row of rows)
      if (
        row.regionId === region &&
        row.effectiveFrom <= day &&
        (!best || row.effectiveFrom >= best.effectiveFrom)
      )
        best = row;
    if (best) return parseRules(best.rules);
  }
  return DEFAULT_RULES;
}

/** Stored rules (a JSON string or an object) read with defaults for what is missing. */
export function parseRules(value: unknown): SupervisionRules {
  const raw = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return SupervisionRules.parse(raw ?? {});
}
