/** The report text cut into plain runs, highlighted runs and section anchors, in text order. */
export type Piece<F> =
  | { type: "text"; key: string; text: string }
  /** A run inside one or more facts, shortest first (facts may nest: "增长4.8%" inside "增长4.8%和6.9%"). */
  | { type: "fact"; key: string; text: string; facts: F[] }
  | { type: "anchor"; key: string; sectionId: string };

interface Span {
  start: number;
  end: number;
}

/**
 * Cuts `body` at every fact's start and end and every section's start. Each run between two cuts lists the
 * facts covering it, so overlapping and nested facts all stay reachable; spans outside the text are ignored.
 * Nothing here interprets the text: the pieces are rendered as text nodes.
 */
export function segment<F extends Span & { id: string }>(
  body: string,
  facts: readonly F[],
  sections: readonly (Span & { id: string })[],
): Piece<F>[] {
  const ordered = facts
    .filter((f) => f.start >= 0 && f.end <= body.length && f.end > f.start)
    .sort((a, b) => a.start - b.start);
  const anchors = sections
    .filter((s) => s.start >= 0 && s.start <= body.length)
    .sort((a, b) => a.start - b.start);
  const cuts = new Set<number>([0, body.length]);
  for (const f of ordered) cuts.add(f.start).add(f.end);
  for (const s of anchors) cuts.add(s.start);
  const points = [...cuts].sort((a, b) => a - b);

  const out: Piece<F>[] = [];
  let next = 0; // next fact (by start) not yet active
  let ai = 0;
  let active: F[] = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as number;
    while (ai < anchors.length && (anchors[ai] as Span).start <= a) {
      const s = anchors[ai++] as Span & { id: string };
      out.push({ type: "anchor", key: `a-${s.id}`, sectionId: s.id });
    }
    const b = points[i + 1];
    if (b === undefined) break;
    active = active.filter((f) => f.end > a);
    while (next < ordered.length && (ordered[next] as F).start <= a) {
      const f = ordered[next++] as F;
      if (f.end > a) active.push(f);
    }
    const text = body.slice(a, b);
    if (active.length === 0) out.push({ type: "text", key: `t-${a}`, text });
    else
      out.push({
        type: "fact",
        key: `f-${a}`,
        text,
        facts: [...active].sort((x, y) => x.end - x.start - (y.end - y.start)),
      });
  }
  return out;
}
