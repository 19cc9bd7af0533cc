import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Empty, Space, Spin, Typography } from "antd";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { FactWithCorrections } from "../../../src/contract/api/facts.js";
import type { ReportSection } from "../../../src/contract/api/reports.js";
import { errorMessage } from "../api.js";
import { useMe } from "../auth.js";
import { formatDate, formatYear } from "../format.js";
import { t } from "../messages.js";
import { takeReport } from "../reader/prefetch.js";
import { type Piece, segment } from "../reader/segments.js";

// The fact panel (tables, the correction form) is not needed to show the text: it loads beside it, and is asked
// for once the text is up so a click finds it ready.
// Kept once loaded, so a click renders the panel at once (no suspense round trip).
let factPanel: typeof import("../reader/FactPanel.js") | null = null;
const loadFactPanel = async () => {
  factPanel ??= await import("../reader/FactPanel.js");
};

function anchorId(sectionId: string): string {
  return `sec-${sectionId}`;
}

function scrollToSection(sectionId: string): void {
  const el = document.getElementById(anchorId(sectionId));
  if (!el) return;
  el.scrollIntoView({ behavior: "smooth", block: "start" });
}

interface OutlineNode {
  section: ReportSection;
  children: OutlineNode[];
}

function outlineTree(sections: ReportSection[]): OutlineNode[] {
  const nodes = new Map(sections.map((s) => [s.id, { section: s, children: [] as OutlineNode[] }]));
  const roots: OutlineNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.section.parent ? nodes.get(n.section.parent) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

function OutlineList({ nodes }: { nodes: OutlineNode[] }) {
  return (
    <ul className="outline-list">
      {nodes.map((n) => (
        <li key={n.section.id}>
          <a
            href={`#${anchorId(n.section.id)}`}
            onClick={(e) => {
              e.preventDefault();
              scrollToSection(n.section.id);
            }}
          >
            {n.section.heading}
          </a>
          {n.children.length > 0 && <OutlineList nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

function Legend() {
  return (
    <div className="legend">
      <span className="muted">{t.reader.legend}：</span>
      <span className="fact fact-actual legend-sample">{t.reader.actual}</span>
      <span className="fact fact-target legend-sample">{t.reader.target}</span>
      <span className="fact fact-actual fact-corrected legend-sample">{t.reader.corrected}</span>
      <span className="fact fact-actual fact-void legend-sample">{t.reader.notAFact}</span>
    </div>
  );
}

type FactPiece = Extract<Piece<FactWithCorrections>, { type: "fact" }>;

/**
 * One highlighted run. Memoized with a stable `onPick`, so selecting a fact re-renders the two runs whose state
 * changes, not the thousand others.
 */
const FactRun = memo(function FactRun({
  piece,
  selected,
  onPick,
}: {
  piece: FactPiece;
  selected: boolean;
  onPick: (ids: string[]) => void;
}) {
  // The run belongs to its shortest fact; clicking it again moves on to the next fact covering it.
  const f = piece.facts[0] as FactWithCorrections;
  const pick = () => onPick(piece.facts.map((x) => x.id));
  const kind = f.current.kind;
  const cls = [
    "fact",
    `fact-${kind}`,
    f.corrected ? "fact-corrected" : "",
    f.notAFact ? "fact-void" : "",
    piece.facts.length > 1 ? "fact-nested" : "",
    selected ? "fact-selected" : "",
  ].join(" ");
  return (
    // biome-ignore lint/a11y/useSemanticElements: a <button> cannot wrap across lines inside running text
    <span
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      className={cls}
      data-fact-id={f.id}
      data-kind={kind}
      onClick={pick}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          pick();
        }
      }}
    >
      {piece.text}
      <span className="sr-only">（{f.notAFact ? t.reader.notAFact : t.kinds[kind]}）</span>
    </span>
  );
});

/**
 * The pieces grouped by paragraph (a plain run is cut after each line break, which stays in the text): each
 * paragraph is its own block, so the browser lays out and paints only those on screen (content-visibility).
 */
function paragraphs(pieces: Piece<FactWithCorrections>[]): Piece<FactWithCorrections>[][] {
  const out: Piece<FactWithCorrections>[][] = [];
  let cur: Piece<FactWithCorrections>[] = [];
  for (const p of pieces) {
    if (p.type !== "text" || !p.text.includes("\n")) {
      cur.push(p);
      continue;
    }
    let from = 0;
    for (let nl = p.text.indexOf("\n"); nl >= 0; nl = p.text.indexOf("\n", from)) {
      cur.push({ type: "text", key: `${p.key}-${from}`, text: p.text.slice(from, nl + 1) });
      out.push(cur);
      cur = [];
      from = nl + 1;
    }
    if (from < p.text.length) cur.push({ type: "text", key: `${p.key}-${from}`, text: p.text.slice(from) });
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** The report text as text nodes, every fact a focusable button-like run; never parsed as HTML. */
const ReportText = memo(function ReportText({
  body,
  facts,
  sections,
  selectedId,
  onSelect,
}: {
  body: string;
  facts: FactWithCorrections[];
  sections: ReportSection[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const pieces = useMemo(() => segment(body, facts, sections), [body, facts, sections]);
  const current = useRef(selectedId);
  current.current = selectedId;
  const select = useRef(onSelect);
  select.current = onSelect;
  const onPick = useCallback((ids: string[]) => {
    const at = current.current === null ? -1 : ids.indexOf(current.current);
    select.current(ids[(at + 1) % ids.length] as string);
  }, []);
  const paras = useMemo(() => paragraphs(pieces), [pieces]);
  const render = (p: Piece<FactWithCorrections>) => {
    if (p.type === "text") return <span key={p.key}>{p.text}</span>;
    if (p.type === "anchor")
      return <span key={p.key} id={anchorId(p.sectionId)} className="section-anchor" />;
    const selected = selectedId !== null && p.facts.some((x) => x.id === selectedId);
    return <FactRun key={p.key} piece={p} selected={selected} onPick={onPick} />;
  };
  return (
    <div className="report-text" data-testid="report-text" lang="zh-CN">
      {paras.map((para) => (
        <div key={para[0]?.key} className="report-para">
          {para.map(render)}
        </div>
      ))}
    </div>
  );
});

/** 阅读: the report's text with every fact highlighted by kind, its outline, and the fact panel. */
export function ReaderPage() {
  const { id = "" } = useParams();
  const role = useMe().data?.user.role;
  const canCorrect = role === "admin" || role === "supervisor";
  // ?fact=ID (links from 目标台账): open with that fact selected and scrolled into view.
  const [params] = useSearchParams();
  const linkedFact = params.get("fact");
  const [selectedId, setSelectedId] = useState<string | null>(linkedFact);
  const report = useQuery({ queryKey: ["report", id], queryFn: () => takeReport(id) });
  const data = report.data;
  useEffect(() => {
    if (!data || !linkedFact) return;
    document.querySelector(`[data-fact-id="${CSS.escape(linkedFact)}"]`)?.scrollIntoView({ block: "center" });
  }, [data, linkedFact]);
  const [, setPanelLoaded] = useState(factPanel !== null);
  useEffect(() => {
    if (data) void loadFactPanel().then(() => setPanelLoaded(true));
  }, [data]);
  const FactPanel = factPanel?.FactPanel;
  const outline = useMemo(() => outlineTree(data?.sections ?? []), [data?.sections]);
  const selected = data?.facts.find((f) => f.id === selectedId) ?? null;

  if (report.isPending)
    return (
      <div className="center-page">
        <Spin tip={t.common.loading}>
          <div style={{ width: 120, height: 60 }} />
        </Spin>
      </div>
    );
  if (report.isError || !data)
    return (
      <Alert
        type="error"
        showIcon
        message={errorMessage(report.error)}
        action={<Link to="/reports">{t.common.back}</Link>}
      />
    );

  const sectionHeading = selected?.section
    ? (data.sections.find((s) => s.id === selected.section)?.heading ?? null)
    : null;

  return (
    <div className="reader">
      <header className="reader-header">
        <Typography.Title level={1} className="page-title">
          {data.title ?? t.reports.untitled}
        </Typography.Title>
        <Space wrap size="middle" className="muted">
          {data.regionName && <span>{data.regionName}</span>}
          {data.planYear && <span>{formatYear(data.planYear)}</span>}
          {data.date && <span>{formatDate(data.date)}</span>}
          <span>{t.reader.factsCount(data.facts.length)}</span>
          {role && role !== "department" && (
            <Link to={`/reports/${encodeURIComponent(id)}/tasks`} data-testid="decompose-link">
              {t.decompose.open}
            </Link>
          )}
        </Space>
        <Legend />
        <p className="muted">{data.facts.length > 0 ? t.reader.clickHint : t.reader.noFacts}</p>
      </header>
      <div className="reader-grid">
        <nav className="reader-outline" aria-label={t.reader.outline}>
          <Card size="small" title={<h2 className="card-title">{t.reader.outline}</h2>}>
            {outline.length > 0 ? (
              <OutlineList nodes={outline} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </nav>
        <section className="reader-body" aria-label={t.reader.text}>
          <Card size="small">
            <ReportText
              body={data.body ?? ""}
              facts={data.facts}
              sections={data.sections}
              selectedId={selectedId}
              onSelect={setSelectedId}
            />
          </Card>
        </section>
        <aside className="reader-side" aria-label={t.reader.fact}>
          {selected ? (
            FactPanel ? (
              <FactPanel
                key={selected.id}
                fact={selected}
                sectionHeading={sectionHeading}
                canCorrect={canCorrect}
                onClose={() => setSelectedId(null)}
                onRefresh={() => void report.refetch()}
              />
            ) : (
              <Card size="small">
                <Spin />
              </Card>
            )
          ) : (
            <Card size="small">
              <p className="muted">{data.facts.length > 0 ? t.reader.clickHint : t.reader.noFacts}</p>
            </Card>
          )}
        </aside>
      </div>
    </div>
  );
}
