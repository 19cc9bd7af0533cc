import { Link } from "react-router";
import type { Role } from "../../src/db/schema.js";
import { t } from "./messages.js";

/** The menu entries of the 督办 pages each role works in. */
export function workMenuItems(role: Role | undefined) {
  if (role === "department")
    return [{ key: "my-tasks", label: <Link to="/my-tasks">{t.myTasks.title}</Link> }];
  if (role === "admin" || role === "supervisor" || role === "viewer")
    return [{ key: "dashboard", label: <Link to="/dashboard">{t.dashboard.title}</Link> }];
  return [];
}

export function workSelectedKey(pathname: string): string {
  if (pathname.startsWith("/my-tasks")) return "my-tasks";
  if (pathname.startsWith("/dashboard")) return "dashboard";
  return "";
}
