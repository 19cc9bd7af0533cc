import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef } from "react";
import { Link } from "react-router";
import type { DecompositionRow } from "../../../src/contract/api/decomposition.js";
import { statusLabel } from "../assignments/StatusTag.js";
import { formatDeadline } from "../format.js";
import { t } from "../messages.js";

const m = () => t.decompose;

/** Column widths (px); the task text takes what is left. */
const WIDTHS = {
  select: 44,
  seq: 56,
  lead: 140,
  co: 160,
  deadline: 124,
  milestones: 160,
  progress: 150,
  actions: 100,
};

interface RowProps {
  row: DecompositionRow;
  index: number;
  selected: boolean;
  canAssign: boolean;
  onToggle: (taskId: string, checked: boolean) => void;
  onAssign: (row: DecompositionRow) => void;
  measure: (el: HTMLTableRowElement | null) => void;
}

const none = <span className="muted">{t.common.none}</span>;

/**
 * One task: plain elements only, memoized, so scrolling mounts the rows coming into view and leaves the others
 * alone.
 */
const TaskRow = memo(function TaskRow({
  row,
  index,
  selected,
  canAssign,
  onToggle,
  onAssign,
  measure,
}: RowProps) {
  const a = row.assignment;
  const status = a?.status ?? "unassigned";
  return (
    <tr
      ref={measure}
      data-index={index}
      data-task-id={row.taskId}
      className={`task-row${a?.overdue ? " row-overdue" : ""}${selected ? " row-selected" : ""}`}
    >
      {canAssign && (
        <td className="cell-center">
          <input
            type="checkbox"
            checked={selected}
            disabled={a !== null}
            aria-label={`${m().columns.seq} ${row.seq}`}
            onChange={(e) => onToggle(row.taskId, e.target.checked)}
          />
        </td>
      )}
      <td className="cell-center">{row.seq}</td>
      <td className="task-text">{row.text}</td>
      <td>{a ? a.leadDepartment.name : none}</td>
      <td>{a && a.coDepartments.length > 0 ? a.coDepartments.map((d) => d.name).join("、") : none}</td>
      <td>
        {a ? (
          formatDeadline(a.deadline)
        ) : row.taskDeadline ? (
          <span className="muted">{m().reportDeadline(formatDeadline(row.taskDeadline))}</span>
        ) : (
          none
        )}
      </td>
      <td>
        {a && a.milestones.length > 0 ? (
          <ul className="milestone-list">
            {a.milestones.map((ms) => (
              <li key={ms.id}>
                {ms.title}
                {ms.dueDate && <span className="muted">（{formatDeadline(ms.dueDate)}）</span>}
              </li>
            ))}
          </ul>
        ) : (
          none
        )}
      </td>
      <td>
        <span className={`status-chip status-${status}`}>{statusLabel(status)}</span>
        {a?.overdue && <span className="status-chip status-overdue">{t.status.overdue}</span>}
        {a && a.percent !== null && (
          <span className="percent">
            <span className="percent-track" aria-hidden="true">
              <span className="percent-fill" style={{ width: `${a.percent}%` }} />
            </span>
            {a.percent}%
          </span>
        )}
      </td>
      <td>
        {canAssign && (
          <button
            type="button"
            className="link-button"
            aria-label={a ? m().editTask(row.seq) : m().assignTask(row.seq)}
            onClick={() => onAssign(row)}
          >
            {a ? m().edit : m().assign}
          </button>
        )}
        {a && (
          <Link
            to={`/assignments/${encodeURIComponent(a.id)}`}
            aria-label={m().detailOf(row.seq)}
            className="table-link"
          >
            {m().detail}
          </Link>
        )}
      </td>
    </tr>
  );
});

/**
 * The 分解表 as a real table whose body is virtual (@tanstack/react-virtual): only the rows in view and a few
 * around them are in the DOM, between two spacer rows that keep the scroll height, so 10,000 tasks scroll like
 * twenty. Rows are measured as they render, since task texts wrap to different heights.
 */
export function TaskTable({
  rows,
  height,
  canAssign,
  selected,
  onToggle,
  onToggleAll,
  onAssign,
}: {
  rows: DecompositionRow[];
  height: number;
  canAssign: boolean;
  selected: ReadonlySet<string>;
  onToggle: (taskId: string, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
  onAssign: (row: DecompositionRow) => void;
}) {
  const scroller = useRef<HTMLElement>(null);
  const all = useRef<HTMLInputElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 60,
    overscan: 6,
    getItemKey: (i) => rows[i]?.taskId ?? i,
  });
  const selectable = rows.filter((r) => r.assignment === null);
  const chosen = selectable.filter((r) => selected.has(r.taskId)).length;
  useEffect(() => {
    if (all.current) all.current.indeterminate = chosen > 0 && chosen < selectable.length;
  }, [chosen, selectable.length]);

  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const columns = canAssign ? 9 : 8;

  return (
    <section
      ref={scroller}
      className="task-table-scroll"
      style={{ height }}
      data-testid="decomposition-scroll"
      // A scrolling region must be reachable by keyboard.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the region scrolls; keyboard users need to focus it
      tabIndex={0}
      aria-label={m().title}
    >
      <table className="task-table" data-testid="decomposition-table">
        <colgroup>
          {canAssign && <col style={{ width: WIDTHS.select }} />}
          <col style={{ width: WIDTHS.seq }} />
          <col />
          <col style={{ width: WIDTHS.lead }} />
          <col style={{ width: WIDTHS.co }} />
          <col style={{ width: WIDTHS.deadline }} />
          <col style={{ width: WIDTHS.milestones }} />
          <col style={{ width: WIDTHS.progress }} />
          <col style={{ width: WIDTHS.actions }} />
        </colgroup>
        <thead>
          <tr>
            {canAssign && (
              <th scope="col" className="cell-center">
                <input
                  ref={all}
                  type="checkbox"
                  aria-label={m().selectAll}
                  checked={selectable.length > 0 && chosen === selectable.length}
                  disabled={selectable.length === 0}
                  onChange={(e) => onToggleAll(e.target.checked)}
                />
              </th>
            )}
            <th scope="col" className="cell-center">
              {m().columns.seq}
            </th>
            <th scope="col">{m().columns.task}</th>
            <th scope="col">{m().columns.lead}</th>
            <th scope="col">{m().columns.co}</th>
            <th scope="col">{m().columns.deadline}</th>
            <th scope="col">{m().columns.milestones}</th>
            <th scope="col">{m().columns.progress}</th>
            <th scope="col">{m().columns.actions}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns} className="cell-center muted task-table-empty">
                {m().empty}
              </td>
            </tr>
          )}
          {top > 0 && (
            <tr className="spacer">
              <td colSpan={columns} style={{ height: top }} />
            </tr>
          )}
          {items.map((v) => {
            const row = rows[v.index] as DecompositionRow;
            return (
              <TaskRow
                key={row.taskId}
                row={row}
                index={v.index}
                selected={selected.has(row.taskId)}
                canAssign={canAssign}
                onToggle={onToggle}
                onAssign={onAssign}
                measure={virtualizer.measureElement}
              />
            );
          })}
          {bottom > 0 && (
            <tr className="spacer">
              <td colSpan={columns} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
