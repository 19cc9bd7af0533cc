import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { Department } from "../../../../src/contract/api/departments.js";
import { adminApi, errorMessage } from "../../api.js";
import { FormModal, SaveError, useSave } from "../../FormModal.js";
import { t } from "../../messages.js";
import { RowAction } from "../../RowAction.js";
import { DepartmentImport } from "./DepartmentImport.js";
import { DEPARTMENTS_KEY, useDepartments, useRegions } from "./data.js";

const m = () => t.admin.departments;

interface DepartmentForm {
  name: string;
  shortName?: string;
}

const namesOf = (v: DepartmentForm) => ({ name: v.name.trim(), shortName: v.shortName?.trim() || null });

/** 名称 and 简称; the inline create form gives its inputs fixed widths. */
function DepartmentFields({ inline = false }: { inline?: boolean }) {
  return (
    <>
      <Form.Item
        label={m().name}
        name="name"
        rules={[{ required: true, whitespace: true, message: m().nameRequired }]}
      >
        <Input style={inline ? { width: 240 } : undefined} autoComplete="off" />
      </Form.Item>
      <Form.Item label={m().shortName} name="shortName">
        <Input style={inline ? { width: 140 } : undefined} autoComplete="off" />
      </Form.Item>
    </>
  );
}

function CreateDepartmentForm({ regionId }: { regionId: string }) {
  const [form] = Form.useForm<DepartmentForm>();
  const create = useSave((v: DepartmentForm) => adminApi.createDepartment({ regionId, ...namesOf(v) }), {
    success: m().created,
    invalidate: DEPARTMENTS_KEY,
    onSaved: () => form.resetFields(),
  });
  return (
    <Card size="small" title={<h2 className="card-title">{m().create}</h2>}>
      <SaveError save={create} />
      <Form<DepartmentForm>
        form={form}
        name="createDepartment"
        layout="inline"
        onFinish={(v) => create.mutate(v)}
      >
        <DepartmentFields inline />
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
  const save = useSave(
    (v: DepartmentForm) => adminApi.updateDepartment(dept.id, { version: dept.version, ...namesOf(v) }),
    { success: m().saved, invalidate: DEPARTMENTS_KEY, onSaved: onClose },
  );
  return (
    <FormModal title={m().editTitle(dept.name)} form={form} save={save} onClose={onClose}>
      <Form<DepartmentForm>
        form={form}
        // Its own field ids: the create form's fields are on the page behind the dialog.
        name="editDepartment"
        layout="vertical"
        initialValues={{ name: dept.name, shortName: dept.shortName ?? "" }}
        onFinish={(v) => save.mutate(v)}
      >
        <DepartmentFields />
      </Form>
    </FormModal>
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
      render: (_v, d) => <RowAction label={m().edit} row={d.name} onClick={() => setEditing(d)} />,
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
