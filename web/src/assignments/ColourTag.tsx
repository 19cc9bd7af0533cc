import { Space, Tag, Tooltip } from "antd";
import type { Colour } from "../../../src/contract/api/supervision.js";
import { t } from "../messages.js";

/** 三色 (blue/yellow/red) plus green and 已办结, each dark enough on its tint for WCAG AA. */
export const COLOUR_STYLE: Record<Colour, { color: string; background: string; borderColor: string }> = {
  green: { color: "#237804", background: "#f6ffed", borderColor: "#b7eb8f" },
  blue: { color: "#0958d9", background: "#e6f4ff", borderColor: "#91caff" },
  yellow: { color: "#874d00", background: "#fffbe6", borderColor: "#ffd666" },
  red: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
  done: { color: "#434343", background: "#f5f5f5", borderColor: "#d9d9d9" },
};

/** The colour the status engine gave, always in words (超期, 临期 …) and with its reason when asked. */
export function ColourTag({
  colour,
  reason,
  showReason = false,
}: {
  colour: Colour;
  reason?: string | null;
  showReason?: boolean;
}) {
  const tag = (
    <Tag style={COLOUR_STYLE[colour]} data-testid="colour-tag" data-colour={colour}>
      {t.cycle.colour[colour]}
    </Tag>
  );
  if (!reason) return tag;
  if (showReason)
    return (
      <Space size={4} wrap>
        {tag}
        <span className="muted">{reason}</span>
      </Space>
    );
  return <Tooltip title={reason}>{tag}</Tooltip>;
}
