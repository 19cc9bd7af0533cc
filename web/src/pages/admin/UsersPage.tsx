import { useInfiniteQuery } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Select, Space, Switch, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import type { RoleName, User } from "../../../../src/contract/api/users.js";
import { adminApi, errorMessage } from "../../api.js";
import { FormModal, useSave } from "../../FormModal.js";
import { t } from "../../messages.js";
import { RowAction } from "../../RowAction.js";
import { USERS_KEY, useDepartments, useRegions } from "./data.js";

const ROLES: RoleName[] = ["admin", "supervisor", "department", "viewer"];
const m = () => t.admin.users;

interface UserForm {
  username?: string;
  displayName?: string;
  password?: string;
  role: RoleName;
  regionId?: string | null;
  departmentId?: string | null;
  disabled?: boolean;
}

/** Role, region and department pickers; the department list follows the region, and only 填报员 have one. */
function PlacementFields({ form }: { form: ReturnType<typeof Form.useForm<UserForm>>[0] }) {
  const { options: regionOptions, regions } = useRegions();
  const role = Form.useWatch("role", form);
  const regionId = Form.useWatch("regionId", form) ?? undefined;
  const departments = useDepartments(regionId, role === "department");
  return (
    <>
      <Form.Item label={m().role} name="role">
        <Select
          options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))}
          onChange={(r: RoleName) => {
            if (r !== "department") form.setFieldValue("departmentId", null);
          }}
        />
      </Form.Item>
      <Form.Item label={m().region} name="regionId">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={m().allRegions}
          loading={regions.isPending}
          options={regionOptions}
          onChange={() => form.setFieldValue("departmentId", null)}
        />
      </Form.Item>
      {role === "department" && (
        <Form.Item
          label={m().department}
          name="departmentId"
          // A validator, not `required`: AntD would put aria-required on the Select's wrapper, where axe refuses it.
          rules={[
            {
              validator: (_r, v) =>
                v ? Promise.resolve() : Promise.reject(new Error(m().departmentRequired)),
            },
          ]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={departments.isFetching}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
      )}
    </>
  );
}

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<UserForm>();
  const create = useSave(
    (v: UserForm) =>
      adminApi.createUser({
        username: v.username ?? "",
        password: v.password ?? "",
        role: v.role,
        ...(v.displayName ? { displayName: v.displayName } : {}),
        regionId: v.regionId ?? null,
        departmentId: v.departmentId ?? null,
      }),
    {
      success: m().created,
      invalidate: USERS_KEY,
      onSaved: () => {
        form.resetFields();
        onClose();
      },
    },
  );
  return (
    <FormModal open={open} title={m().create} form={form} save={create} onClose={onClose}>
      <Form<UserForm>
        form={form}
        layout="vertical"
        initialValues={{ role: "viewer" }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item
          label={m().username}
          name="username"
          rules={[{ required: true, whitespace: true, message: m().usernameRequired }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={m().displayName} name="displayName">
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={m().password}
          name="password"
          rules={[
            { required: true, message: m().passwordRequired },
            { min: 8, message: t.password.tooShort },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <PlacementFields form={form} />
      </Form>
    </FormModal>
  );
}

function EditUserModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<UserForm>();
  const save = useSave(
    (v: UserForm) =>
      adminApi.updateUser(user.id, {
        version: user.version,
        ...(v.displayName ? { displayName: v.displayName } : {}),
        role: v.role,
        regionId: v.regionId ?? null,
        departmentId: v.role === "department" ? (v.departmentId ?? null) : null,
        disabled: v.disabled ?? false,
      }),
    { success: m().saved, invalidate: USERS_KEY, onSaved: onClose },
  );
  return (
    <FormModal
      title={m().editTitle(user.displayName || user.username)}
      form={form}
      save={save}
      onClose={onClose}
    >
      <Form<UserForm>
        form={form}
        layout="vertical"
        initialValues={{
          displayName: user.displayName,
          role: user.role,
          regionId: user.regionId,
          departmentId: user.departmentId,
          disabled: user.disabled,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item label={m().displayName} name="displayName">
          <Input autoComplete="off" />
        </Form.Item>
        <PlacementFields form={form} />
        <Form.Item label={m().disable} name="disabled" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<{ newPassword: string }>();
  const reset = useSave((v: { newPassword: string }) => adminApi.resetPassword(user.id, v.newPassword), {
    success: m().passwordReset,
    invalidate: USERS_KEY,
    onSaved: onClose,
  });
  return (
    <FormModal
      title={m().resetTitle(user.displayName || user.username)}
      okText={m().resetPassword}
      form={form}
      save={reset}
      onClose={onClose}
    >
      <p className="muted">{m().resetHint}</p>
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
        <Form.Item
          label={m().newPassword}
          name="newPassword"
          rules={[
            { required: true, message: t.password.nextRequired },
            { min: 8, message: t.password.tooShort },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** 用户管理 (admins): every user with role, place and state; create, edit, disable, reset a password. */
export function UsersPage() {
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const { names: regionNames } = useRegions();
  const departments = useDepartments(undefined);
  const departmentNames = useMemo(
    () => new Map((departments.data ?? []).map((d) => [d.id, d.name])),
    [departments.data],
  );
  const users = useInfiniteQuery({
    queryKey: [...USERS_KEY, search],
    queryFn: ({ pageParam }) => adminApi.users({ q: search || undefined, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  const now = Date.now();

  const columns: ColumnsType<User> = [
    { title: m().username, dataIndex: "username" },
    { title: m().displayName, dataIndex: "displayName" },
    { title: m().role, dataIndex: "role", render: (r: RoleName) => <Tag color="geekblue">{t.roles[r]}</Tag> },
    {
      title: m().region,
      dataIndex: "regionId",
      render: (id: string | null) => (id ? (regionNames.get(id) ?? id) : m().allRegions),
    },
    {
      title: m().department,
      dataIndex: "departmentId",
      render: (id: string | null) => (id ? (departmentNames.get(id) ?? id) : t.common.none),
    },
    {
      title: m().status,
      key: "status",
      render: (_v, u) =>
        u.disabled ? (
          <Tag color="#a8071a">{m().disabled}</Tag>
        ) : u.lockedUntil && Date.parse(u.lockedUntil) > now ? (
          <Tag color="#ad4e00">{m().locked}</Tag>
        ) : (
          <Tag color="#237804">{m().active}</Tag>
        ),
    },
    {
      title: m().actions,
      key: "actions",
      render: (_v, u) => (
        <Space>
          <RowAction label={m().edit} row={u.username} onClick={() => setEditing(u)} />
          <RowAction label={m().resetPassword} row={u.username} onClick={() => setResetting(u)} />
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="large" className="page">
      <Typography.Title level={1} className="page-title">
        {m().title}
      </Typography.Title>
      <div className="table-toolbar">
        <Input.Search
          allowClear
          aria-label={m().search}
          placeholder={m().search}
          style={{ width: 260 }}
          onSearch={(v) => setSearch(v.trim())}
        />
        <Button type="primary" onClick={() => setCreating(true)}>
          {m().create}
        </Button>
      </div>
      {users.isError && <Alert type="error" showIcon message={errorMessage(users.error)} />}
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={users.isPending}
        pagination={false}
        data-testid="users-table"
      />
      {users.hasNextPage && (
        <div className="load-more">
          <Button onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
            {t.common.loadMore}
          </Button>
        </div>
      )}
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      {editing && <EditUserModal user={editing} onClose={() => setEditing(null)} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Space>
  );
}
