import { encodeCursor } from "../contract/api/common.js";

/**
 * A page read with one row more than asked for (`limit + 1`): the extra row only says that another page
 * follows, and the cursor points after the last row kept.
 */
export function splitPage<R extends { id: string }>(
  rows: readonly R[],
  limit: number,
): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
