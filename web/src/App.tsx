import { Button, Result } from "antd";
import { createBrowserRouter, Link, useRouteError } from "react-router";
import { errorMessage } from "./api.js";
import { RequireAuth } from "./auth.js";
import { AppLayout } from "./Layout.js";
import { t } from "./messages.js";
import { AssignmentPage } from "./pages/AssignmentPage.js";
import { DepartmentsPage } from "./pages/admin/DepartmentsPage.js";
import { RequireAdmin } from "./pages/admin/RequireAdmin.js";
import { UsersPage } from "./pages/admin/UsersPage.js";
import { ChangePasswordPage } from "./pages/ChangePasswordPage.js";
import { DashboardPage } from "./pages/DashboardPage.js";
import { DecompositionPage } from "./pages/DecompositionPage.js";
import { HomePage } from "./pages/HomePage.js";
import { LoginPage } from "./pages/LoginPage.js";
import { MyTasksPage } from "./pages/MyTasksPage.js";
import { NotificationSettingsPage } from "./pages/notifications/NotificationSettingsPage.js";
import { ReaderPage } from "./pages/ReaderPage.js";
import { ReportsPage } from "./pages/ReportsPage.js";
import { TargetsPage } from "./pages/TargetsPage.js";

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
  { path: "/login", element: <LoginPage />, errorElement: <RouteError /> },
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
      { path: "reports", element: <ReportsPage /> },
      { path: "reports/:id", element: <ReaderPage /> },
      { path: "reports/:id/tasks", element: <DecompositionPage /> },
      { path: "my-tasks", element: <MyTasksPage /> },
      { path: "dashboard", element: <DashboardPage /> },
      { path: "assignments/:id", element: <AssignmentPage /> },
      { path: "password", element: <ChangePasswordPage /> },
      { path: "settings/notifications", element: <NotificationSettingsPage /> },
      { path: "targets", element: <TargetsPage /> },
      {
        path: "admin/users",
        element: (
          <RequireAdmin>
            <UsersPage />
          </RequireAdmin>
        ),
      },
      {
        path: "admin/departments",
        element: (
          <RequireAdmin>
            <DepartmentsPage />
          </RequireAdmin>
        ),
      },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
