import { useMutation } from "@tanstack/react-query";
import { App, Button, Layout, Menu, Space, Tag, Typography } from "antd";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { api, errorMessage } from "./api.js";
import { useMe, useSetSession } from "./auth.js";
import { LocaleSwitch } from "./LocaleSwitch.js";
import { t } from "./messages.js";
import { NotificationBell } from "./NotificationBell.js";
import { workMenuItems, workSelectedKey } from "./workNav.js";

/** The frame of every signed-in page: top bar with navigation, the user and role, and sign-out. */
export function AppLayout() {
  const me = useMe().data;
  const setSession = useSetSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const signOut = useMutation({
    mutationFn: api.logout,
    onSettled: (_data, err) => {
      if (err) void message.error(errorMessage(err));
      setSession(null);
      navigate("/login", { replace: true });
    },
  });
  const selected = location.pathname.startsWith("/reports") ? "reports" : "";
  const ledgerSelected = location.pathname.startsWith("/targets")
    ? "targets"
    : location.pathname.startsWith("/admin/users")
      ? "admin-users"
      : location.pathname.startsWith("/admin/departments")
        ? "admin-departments"
        : "";

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to="/reports" className="app-brand">
          {t.app.name}
        </Link>
        <nav aria-label={t.nav.mainMenu} className="app-nav">
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[
              selected,
              ledgerSelected,
              workSelectedKey(location.pathname),
              location.pathname.startsWith("/settings/notifications") ? "notify-settings" : "",
              location.pathname.startsWith("/settings/rules") ? "rules-settings" : "",
              location.pathname.startsWith("/scoring") ? "scoring" : "",
              location.pathname.startsWith("/bulletin") ? "bulletin" : "",
            ]}
            items={[
              ...workMenuItems(me?.user.role),
              { key: "reports", label: <Link to="/reports">{t.nav.reports}</Link> },
              { key: "targets", label: <Link to="/targets">{t.nav.targets}</Link> },
              ...(me?.user.role === "admin" || me?.user.role === "supervisor" || me?.user.role === "viewer"
                ? [{ key: "scoring", label: <Link to="/scoring">{t.scoring.nav}</Link> }]
                : []),
              ...(me ? [{ key: "bulletin", label: <Link to="/bulletin">{t.bulletin.nav}</Link> }] : []),
              ...(me?.user.role === "admin" || me?.user.role === "supervisor"
                ? [
                    {
                      key: "notify-settings",
                      label: <Link to="/settings/notifications">{t.notify.settingsNav}</Link>,
                    },
                    {
                      key: "rules-settings",
                      label: <Link to="/settings/rules">{t.rulesPage.nav}</Link>,
                    },
                  ]
                : []),
              ...(me?.user.role === "admin"
                ? [
                    {
                      key: "admin",
                      label: t.nav.admin,
                      children: [
                        { key: "admin-users", label: <Link to="/admin/users">{t.nav.users}</Link> },
                        {
                          key: "admin-departments",
                          label: <Link to="/admin/departments">{t.nav.departments}</Link>,
                        },
                      ],
                    },
                  ]
                : []),
            ]}
          />
        </nav>
        {me && (
          <Space className="app-user" size="middle">
            <LocaleSwitch className="app-header-locale" />
            <NotificationBell />
            <span data-testid="current-user">{me.user.displayName || me.user.username}</span>
            <Tag color="geekblue">{t.roles[me.user.role]}</Tag>
            <Link to="/password" className="app-header-link">
              {t.nav.changePassword}
            </Link>
            <Button size="small" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              {t.nav.signOut}
            </Button>
          </Space>
        )}
      </Layout.Header>
      <Layout.Content className="app-content">
        <main>
          <Outlet />
        </main>
      </Layout.Content>
      <Layout.Footer className="app-footer">
        <Typography.Text type="secondary">{t.app.fullName}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
