import { Navigate } from "react-router";
import { useMe } from "../auth.js";

/** Where "/" leads: 填报员 to their tasks, 督查室 to the dashboard, everyone else to the reports. */
export function HomePage() {
  const role = useMe().data?.user.role;
  const to = role === "department" ? "/my-tasks" : role === "supervisor" ? "/dashboard" : "/reports";
  return <Navigate to={to} replace />;
}
