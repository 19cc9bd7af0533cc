import { Button } from "antd";

/** A table row's action button; screen readers also hear `row`, the row it acts on (编辑 县财政局). */
export function RowAction({ label, row, onClick }: { label: string; row: string; onClick: () => void }) {
  return (
    <Button size="small" onClick={onClick}>
      {label}
      <span className="sr-only"> {row}</span>
    </Button>
  );
}
