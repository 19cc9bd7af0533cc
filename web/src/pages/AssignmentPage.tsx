import { Typography } from "antd";
import { useParams } from "react-router";
import { AssignmentDetail } from "../assignments/AssignmentDetail.js";
import { cyclePanel } from "../assignments/cyclePanel.js";
import { t } from "../messages.js";
import "../work.css";

/** 交办详情: one assignment, reached from the dashboard, the 分解表 and the workspace. */
export function AssignmentPage() {
  const { id = "" } = useParams();
  return (
    <div className="page narrow-page">
      <Typography.Title level={1} className="page-title">
        {t.assignment.title}
      </Typography.Title>
      <AssignmentDetail id={id} actions={cyclePanel} />
    </div>
  );
}
