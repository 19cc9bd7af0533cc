import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Radio, Space, Spin, Tag, Typography } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import type { AssignmentDetail } from "../../../src/contract/api/assignments.js";
import type {
  QualityLevel,
  QualityRatingBody,
  QualityRating as Rating,
} from "../../../src/contract/api/scoring.js";
import { ApiError, errorMessage, scoringApi } from "../api.js";
import { useMe } from "../auth.js";
import { formatDateTime } from "../format.js";
import { t } from "../messages.js";
import { historyKey } from "./AssignmentHistory.js";
import { type Common, CycleModal } from "./CycleDialogs.js";
import { TAG_STYLE } from "./StatusTag.js";

export const qualityKey = (id: string) => ["quality-rating", id] as const;

const q = () => t.quality;
const LEVELS: QualityLevel[] = ["excellent", "good", "fair", "poor"];

/** Tints dark enough on their background for WCAG AA, good to poor from green to red. */
const LEVEL_STYLE: Record<QualityLevel, (typeof TAG_STYLE)[string]> = {
  excellent: TAG_STYLE.done as (typeof TAG_STYLE)[string],
  good: TAG_STYLE.assigned as (typeof TAG_STYLE)[string],
  fair: { color: "#874d00", background: "#fffbe6", borderColor: "#ffe58f" },
  poor: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
};

/** A 409 that is not about the assignment's status: someone saved another version of the rating first. */
const isStale = (err: unknown) => err instanceof ApiError && err.status === 409 && !("status" in err.details);

function RatingDialog({
  rating,
  onSubmit,
  ...c
}: Common & { rating: Rating | null; onSubmit: (level: QualityLevel, reason: string) => void }) {
  const [form] = Form.useForm<{ level: QualityLevel; reason: string }>();
  // Filled from the rating on opening only: a reload after a 409 must not wipe what the user typed.
  useEffect(() => {
    if (c.open) form.resetFields();
  }, [c.open, form]);
  return (
    <CycleModal {...c} title={rating ? q().change : q().rate} onOk={() => form.submit()}>
      <Form
        name="quality-rating"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ level: rating?.level, reason: rating?.reason ?? "" }}
        onFinish={(v) => onSubmit(v.level, v.reason.trim())}
      >
        <Form.Item
          name="level"
          label={<span id="quality-level-label">{q().level}</span>}
          rules={[{ required: true, message: q().levelRequired }]}
        >
          {/* Form.Item marks its control aria-required / aria-invalid, which a plain div may not carry. */}
          <Radio.Group
            {...{ role: "radiogroup" }}
            aria-labelledby="quality-level-label"
            optionType="button"
            buttonStyle="solid"
            options={LEVELS.map((l) => ({ value: l, label: q().levels[l] }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={q().reason}
          rules={[{ required: true, whitespace: true, message: q().reasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </CycleModal>
  );
}

/**
 * 质量评价 of a closed assignment: the supervisors' rating, its reason and who gave it, shown to everyone who
 * sees the assignment. Admins and supervisors rate or change it (a supervisor sees only the assignments of
 * their region, so the role decides here; the server checks both). A change names the version read.
 */
export function QualityRatingCard({ detail }: { detail: AssignmentDetail }) {
  const role = useMe().data?.user.role;
  const canRate = role === "admin" || role === "supervisor";
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const id = detail.id;
  const rating = useQuery({ queryKey: qualityKey(id), queryFn: () => scoringApi.qualityRating(id) });
  const save = useMutation({
    mutationFn: (body: QualityRatingBody) => scoringApi.rateQuality(id, body),
    onSuccess: (r) => {
      qc.setQueryData(qualityKey(id), r);
      void qc.invalidateQueries({ queryKey: historyKey(id) });
      // The rating moves department scores and the 通报 built from them.
      void qc.invalidateQueries({ queryKey: ["scores"] });
      void qc.invalidateQueries({ queryKey: ["bulletin"] });
      void message.success(q().saved);
      setOpen(false);
    },
    onError: (err) => {
      if (isStale(err)) void qc.invalidateQueries({ queryKey: qualityKey(id) });
    },
  });
  const r = rating.data ?? null;

  let body: ReactNode;
  if (rating.isPending)
    body = (
      <Spin tip={t.common.loading}>
        <div style={{ height: 40 }} />
      </Spin>
    );
  else if (rating.isError) body = <Alert type="error" showIcon message={errorMessage(rating.error)} />;
  else if (!r) body = <Typography.Text type="secondary">{q().notRated}</Typography.Text>;
  else
    body = (
      <Space direction="vertical" size={4}>
        <Space wrap>
          <Tag style={LEVEL_STYLE[r.level]} data-testid="quality-level">
            {q().levels[r.level]}
          </Tag>
          <span className="muted" data-testid="quality-rated-by">
            {r.ratedByName
              ? q().ratedBy(r.ratedByName, formatDateTime(r.ratedAt))
              : q().ratedAt(formatDateTime(r.ratedAt))}
          </span>
        </Space>
        <p className="progress-text" data-testid="quality-reason">
          {q().reason}：{r.reason}
        </p>
      </Space>
    );

  return (
    <Card
      size="small"
      title={<h2 className="card-title">{q().title}</h2>}
      data-testid="quality-rating"
      extra={
        canRate && !rating.isPending && !rating.isError ? (
          <Button
            onClick={() => {
              save.reset();
              setOpen(true);
            }}
          >
            {r ? q().change : q().rate}
          </Button>
        ) : null
      }
    >
      {body}
      {canRate && (
        <RatingDialog
          open={open}
          rating={r}
          pending={save.isPending}
          error={isStale(save.error) ? q().stale : save.error}
          onCancel={() => setOpen(false)}
          onSubmit={(level, reason) => save.mutate({ level, reason, ...(r ? { version: r.version } : {}) })}
        />
      )}
    </Card>
  );
}
