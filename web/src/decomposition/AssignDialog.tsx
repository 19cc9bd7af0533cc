import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { DecompositionRow } from "../../../src/contract/api/decomposition.js";
import type { Department } from "../../../src/contract/api/departments.js";
import { errorMessage, workApi } from "../api.js";
import { t } from "../messages.js";

/** What the dialog does: assign one task, change one assignment, or assign many tasks alike. */
export type AssignMode =
  | { kind: "create"; row: DecompositionRow }
  | { kind: "edit"; row: DecompositionRow }
  | { kind: "bulk"; rows: DecompositionRow[] };

interface Values {
  lead: string | undefined;
  co: string[];
  deadline: Dayjs | null;
  milestones: { title: string; due: Dayjs | null }[];
}

const iso = (d: Dayjs | null | undefined) => (d ? d.format("YYYY-MM-DD") : null);
const day = (s: string | null | undefined) => (s ? dayjs(s) : null);

function initial(mode: AssignMode): Values {
  if (mode.kind === "bulk") return { lead: undefined, co: [], deadline: null, milestones: [] };
  const a = mode.row.assignment;
  return {
    lead: a?.leadDepartment.id,
    co: a?.coDepartments.map((d) => d.id) ?? [],
    deadline: day(a ? a.deadline : mode.row.taskDeadline),
    milestones: [],
  };
}

/** 交办: lead department, co-departments, deadline (and milestones for a new assignment). */
export function AssignDialog({
  mode,
  departments,
  onDone,
  onCancel,
}: {
  mode: AssignMode;
  departments: Department[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const lead = Form.useWatch("lead", form);
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: async (v: Values) => {
      // The form requires a lead before it submits.
      const lead = v.lead as string;
      const co = v.co.filter((id) => id !== lead);
      if (mode.kind === "bulk") {
        const r = await workApi.bulkAssign({
          taskIds: mode.rows.map((r) => r.taskId),
          leadDepartmentId: lead,
          coDepartmentIds: co,
          ...(v.deadline ? { deadline: iso(v.deadline) } : {}),
        });
        return r.items.length;
      }
      const a = mode.row.assignment;
      if (mode.kind === "edit" && a) {
        await workApi.updateAssignment(a.id, {
          version: a.version,
          leadDepartmentId: lead,
          coDepartmentIds: co,
          deadline: iso(v.deadline),
        });
        return 0;
      }
      await workApi.assign(mode.row.taskId, {
        leadDepartmentId: lead,
        coDepartmentIds: co,
        deadline: iso(v.deadline),
        milestones: v.milestones.map((m) => ({ title: m.title, dueDate: iso(m.due) })),
      });
      return 1;
    },
    onSuccess: (n) => {
      void message.success(mode.kind === "edit" ? t.decompose.form.saved : t.decompose.form.assigned(n));
      onDone();
    },
  });
  const options = departments.map((d) => ({ value: d.id, label: d.name }));
  const title =
    mode.kind === "bulk"
      ? t.decompose.form.titleBulk(mode.rows.length)
      : mode.kind === "edit"
        ? t.decompose.form.titleEdit
        : t.decompose.form.titleOne;

  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      okText={mode.kind === "edit" ? t.decompose.form.save : t.decompose.form.submit}
      cancelText={t.common.cancel}
      okButtonProps={{ loading: save.isPending, htmlType: "submit", form: "assign-form" }}
      destroyOnHidden
      width={640}
    >
      {mode.kind !== "bulk" && (
        <Typography.Paragraph className="assign-task">
          <span className="muted">{t.decompose.form.task}：</span>
          {mode.row.text}
        </Typography.Paragraph>
      )}
      {save.isError && (
        <Alert type="error" showIcon role="alert" className="form-alert" message={errorMessage(save.error)} />
      )}
      <Form<Values>
        id="assign-form"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initial(mode)}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          label={t.decompose.form.lead}
          name="lead"
          // A validator, not `required`: AntD would put aria-required on the Select's wrapper, where axe refuses it.
          rules={[
            {
              validator: (_r, v) =>
                v ? Promise.resolve() : Promise.reject(new Error(t.decompose.form.leadRequired)),
            },
          ]}
        >
          <Select showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item label={t.decompose.form.co} name="co">
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            options={options.filter((o) => o.value !== lead)}
          />
        </Form.Item>
        <Form.Item
          label={t.decompose.form.deadline}
          name="deadline"
          extra={mode.kind === "bulk" ? t.decompose.form.deadlineHelp : undefined}
        >
          <DatePicker />
        </Form.Item>
        {mode.kind === "create" && (
          <Form.List name="milestones">
            {(fields, { add, remove }) => (
              <fieldset className="milestones-fieldset">
                <legend>{t.decompose.form.milestones}</legend>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item
                      name={[f.name, "title"]}
                      label={`${t.decompose.form.milestoneTitle} ${i + 1}`}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          message: t.decompose.form.milestoneTitleRequired,
                        },
                      ]}
                    >
                      <Input style={{ width: 260 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, "due"]} label={t.decompose.form.milestoneDue}>
                      <DatePicker />
                    </Form.Item>
                    <Button
                      type="link"
                      aria-label={`${t.decompose.form.remove} ${t.decompose.form.milestoneTitle} ${i + 1}`}
                      onClick={() => remove(f.name)}
                    >
                      {t.decompose.form.remove}
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ title: "", due: null })}>
                  {t.decompose.form.addMilestone}
                </Button>
              </fieldset>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}
