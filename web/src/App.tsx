import { Button, Result } from "antd";
import { createBrowserRouter, Link, useRouteError } from "react-router";
import { errorMessage } from "./api.js";
import { RequireAuth } from "./auth.js";
import { AppLayout } from "./Layout.js";
import { t } from "./messages.js";
import { RequireAdmin } from "./pages/admin/RequireAdmin.js";
import { HomePage } from "./pages/HomePage.js";
import { ReaderPage } from "./pages/ReaderPage.js";
import { prefetchReport } from "./reader/prefetch.js";

function RouteError() {
  const err = useRouteError();
  return (
    <main className="center-page">
      <Result
        status="error"
        title={t.common.error}
        subTitle={errorMessage(err)}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t.common.retry}
          </Button>
        }
      />
    </main>
  );
}

function NotFound() {
  return (
    <Result
      status="404"
      title={t.notFound.title}
      extra={
        <Link to="/reports">
          <Button type="primary">{t.notFound.back}</Button>
        </Link>
      }
    />
  );
}

export const router = createBrowserRouter([
  // Sign-in, the report list and 修改密码 load on demand too: their forms, tables and uploads (rc-table, rc-select,
  // rc-field-form…) are most of antd's weight, and a returning reader needs none of them before the text shows.
  {
    path: "/login",
    lazy: async () => ({ Component: (await import("./pages/LoginPage.js")).LoginPage }),
    errorElement: <RouteError />,
  },
  {
    path: "/",
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: "reports",
        lazy: async () => ({ Component: (await import("./pages/ReportsPage.js")).ReportsPage }),
      },
      {
        path: "reports/:id",
        element: <ReaderPage />,
        // Starts the report's request beside the session check; returns at once so nothing waits for it.
        loader: ({ params }) => {
          if (params.id) prefetchReport(params.id);
          return null;
        },
      },
      // Pages other than sign-in, reports and reader load on demand: the bundle the reader waits for stays small.
      {
        path: "reports/:id/tasks",
        lazy: async () => ({ Component: (await import("./pages/DecompositionPage.js")).DecompositionPage }),
      },
      {
        path: "my-tasks",
        lazy: async () => ({ Component: (await import("./pages/MyTasksPage.js")).MyTasksPage }),
      },
      {
        path: "dashboard",
        lazy: async () => ({ Component: (await import("./pages/DashboardPage.js")).DashboardPage }),
      },
      {
        path: "assignments/:id",
        lazy: async () => ({ Component: (await import("./pages/AssignmentPage.js")).AssignmentPage }),
      },
      {
        path: "password",
        lazy: async () => ({
          Component: (await import("./pages/ChangePasswordPage.js")).ChangePasswordPage,
        }),
      },
      {
        path: "settings/notifications",
        lazy: async () => ({
          Component: (await import("./pages/notifications/NotificationSettingsPage.js"))
            .NotificationSettingsPage,
        }),
      },
      {
        path: "settings/rules",
        lazy: async () => ({
          Component: (await import("./pages/settings/RulesSettingsPage.js")).RulesSettingsPage,
        }),
      },
      {
        path: "targets",
        lazy: async () => ({ Component: (await import("./pages/TargetsPage.js")).TargetsPage }),
      },
      {
        path: "scoring",
        lazy: async () => ({ Component: (await import("./pages/scoring/ScoringPage.js")).ScoringPage }),
      },
      {
        path: "bulletin",
        lazy: async () => ({ Component: (await import("./pages/scoring/BulletinPage.js")).BulletinPage }),
      },
      {
        path: "admin/users",
        lazy: async () => {
          const { UsersPage } = await import("./pages/admin/UsersPage.js");
          return {
            element: (
              <RequireAdmin>
                <UsersPage />
              </RequireAdmin>
            ),
          };
        },
      },
      {
        path: "admin/departments",
        lazy: async () => {
          const { DepartmentsPage } = await import("./pages/admin/DepartmentsPage.js");
          return {
            element: (
              <RequireAdmin>
                <DepartmentsPage />
              </RequireAdmin>
            ),
          };
        },
      },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
