import { Button, Result } from "antd";
import { createBrowserRouter, Link, Navigate, useRouteError } from "react-router";
import { errorMessage } from "./api.js";
import { RequireAuth } from "./auth.js";
import { AppLayout } from "./Layout.js";
import { t } from "./messages.js";
import { ChangePasswordPage } from "./pages/ChangePasswordPage.js";
import { LoginPage } from "./pages/LoginPage.js";
import { ReaderPage } from "./pages/ReaderPage.js";
import { ReportsPage } from "./pages/ReportsPage.js";

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
      { index: true, element: <Navigate to="/reports" replace /> },
      { path: "reports", element: <ReportsPage /> },
      { path: "reports/:id", element: <ReaderPage /> },
      { path: "password", element: <ChangePasswordPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
