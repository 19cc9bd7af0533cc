import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { Navigate, useLocation, useNavigate } from "react-router";
import type { LoginBody } from "../../../src/contract/api/auth.js";
import { api, errorMessage } from "../api.js";
import { useMe, useSetSession } from "../auth.js";
import { LocaleSwitch } from "../LocaleSwitch.js";
import { t } from "../messages.js";

/** 登录: username and password; on success back to where the user was going. */
export function LoginPage() {
  const me = useMe();
  const setSession = useSetSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const login = useMutation({
    mutationFn: (body: LoginBody) => api.login(body),
    onSuccess: (res) => {
      setSession({ user: res.user, csrfToken: res.csrfToken, authMethod: "session" });
      navigate(from, { replace: true });
    },
  });

  if (me.data) return <Navigate to={from} replace />;

  return (
    <main className="center-page login-page">
      <Card className="login-card">
        <div className="login-locale">
          <LocaleSwitch />
        </div>
        <Typography.Title level={1} className="login-title">
          {t.app.fullName}
        </Typography.Title>
        <Typography.Title level={2} className="login-subtitle">
          {t.login.title}
        </Typography.Title>
        {login.isError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="form-alert"
            message={t.login.failed}
            description={errorMessage(login.error)}
          />
        )}
        <Form<LoginBody> layout="vertical" requiredMark={false} onFinish={(v) => login.mutate(v)}>
          <Form.Item
            label={t.login.username}
            name="username"
            rules={[{ required: true, whitespace: true, message: t.login.usernameRequired }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t.login.password}
            name="password"
            rules={[{ required: true, message: t.login.passwordRequired }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t.login.submit}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
