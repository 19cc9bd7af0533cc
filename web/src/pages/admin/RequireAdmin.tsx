import { Result } from "antd";
import type { ReactNode } from "react";
import { useMe } from "../../auth.js";
import { t } from "../../messages.js";

/** The admin pages for admins only; the API refuses others anyway, this says so instead of failing requests. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const role = useMe().data?.user.role;
  if (role !== "admin") return <Result status="403" title={t.admin.forbidden} />;
  return <>{children}</>;
}
