import type { IndicatorView } from "../../contract/api/indicators.js";
import type { IndicatorRow } from "../../db/repos/indicators.js";

export function presentIndicator(r: IndicatorRow, synonyms: string[], factCount: number): IndicatorView {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    unit: r.unit,
    synonyms,
    factCount,
    createdAt: r.created_at,
    version: r.version,
  };
}
