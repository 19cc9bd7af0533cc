import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { Department } from "../../../../src/contract/api/departments.js";
import { adminApi, errorMessage } from "../../api.js";
import { t } from "../../messages.js";
import { DepartmentImport } from "./DepartmentImport.js";
import { DEPARTMENTS_KEY, useDepartments, useRegions } from "./data.js";

const m = () => t.admin.departments;

interface DepartmentForm {
  name: string;
  shortName?: string;
}

function CreateDepartmentForm({ regionId }: { regionId: string }) {
  const [form] = Form.useForm<DepartmentForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (v: DepartmentForm) =>
      adminApi.createDepartment({ regionId, name: v.name.trim(), shortName: v.shortName?.trim() || null }),
    onSuccess: () => {
      void message.success(m().created);
      void qc.invalidateQueries({ queryKey: DEPARTMENTS_KEY });
      form.resetFields();
    },
  });
  return (
    <Card size="small" title={<h2 className="card-title">{m().create}</h2>}>
      {create.isError && (
        <Alert type="error" showIcon className="form-alert" message={errorMessage(create.error)} />
      )}
      <Form<DepartmentForm> form={form} layout="inline" onFinish={(v) => create.mutate(v)}>
        <Form.Item
          label={m().name}
          name="name"
          rules={[{ required: true, whitespace: true, message: m().nameRequired }]}
        >
          <Input style={{ width: 240 }} autoComplete="off" />
        </Form.Item>
        <Form.Item label={m().shortName} name="shortName">
          <Input style={{ width: 140 }} autoComplete="off" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {m().create}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function EditDepartmentModal({ dept, onClose }: { dept: Department; onClose: () => void }) {
  const [form] = Form.useForm<DepartmentForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: DepartmentForm) =>
      adminApi.updateDepartment(dept.id, {
        version: dept.version,
        name: v.name.trim(),
        shortName: v.shortName?.trim() || null,
      }),
    onSuccess: () => {
      void message.success(m().saved);
      void qc.invalidateQueries({ queryKey: DEPARTMENTS_KEY });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={m().editTitle(dept.name)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && (
        <Alert type="error" showIcon className="form-alert" message={errorMessage(save.error)} />
      )}
      <Form<DepartmentForm>
        form={form}
        layout="vertical"
        initialValues={{ name: dept.name, shortName: dept.shortName ?? "" }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          label={m().name}
          name="name"
          rules={[{ required: true, whitespace: true, message: m().nameRequired }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={m().shortName} name="shortName">
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 部门管理 (admins): the departments of a region; create, rename, and import a list from Excel. */
export function DepartmentsPage() {
  const [params, setParams] = useSearchParams();
  const { regions, options } = useRegions();
  const regionId = params.get("region") ?? undefined;
  const departments = useDepartments(regionId, regionId !== undefined);
  const [editing, setEditing] = useState<Department | null>(null);

  const columns: ColumnsType<Department> = [
    { title: m().name, dataIndex: "name" },
    { title: m().shortName, dataIndex: "shortName", render: (v: string | null) => v ?? t.common.none },
    {
      title: m().actions,
      key: "actions",
      render: (_v, d) => (
        <Button size="small" onClick={() => setEditing(d)}>
          {m().edit}
          <span className="sr-only"> {d.name}</span>
        </Button>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="large" className="page">
      <Typography.Title level={1} className="page-title">
        {m().title}
      </Typography.Title>
      <Space>
        <label htmlFor="departments-region">{m().region}</label>
        <Select
          id="departments-region"
          style={{ width: 240 }}
          showSearch
          optionFilterProp="label"
          placeholder={m().chooseRegion}
          loading={regions.isPending}
          value={regionId}
          options={options}
          onChange={(v: string) => setParams({ region: v }, { replace: true })}
        />
      </Space>
      {regions.isError && <Alert type="error" showIcon message={errorMessage(regions.error)} />}
      {regionId ? (
        <>
          <CreateDepartmentForm regionId={regionId} />
          {departments.isError && <Alert type="error" showIcon message={errorMessage(departments.error)} />}
          <Table<Department>
            rowKey="id"
            columns={columns}
            dataSource={departments.data ?? []}
            loading={departments.isPending}
            pagination={false}
            locale={{ emptyText: <span className="table-empty">{m().empty}</span> }}
            data-testid="departments-table"
          />
        </>
      ) : (
        <p className="muted">{m().chooseRegion}</p>
      )}
      <DepartmentImport regionId={regionId} />
      {editing && <EditDepartmentModal dept={editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}
