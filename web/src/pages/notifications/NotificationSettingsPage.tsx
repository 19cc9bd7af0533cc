import { Result, Tabs, Typography } from "antd";
import { useSearchParams } from "react-router";
import { useMe } from "../../auth.js";
import { t } from "../../messages.js";
import { ChannelsTab } from "./ChannelsTab.js";
import { DeliveryLogTab } from "./DeliveryLogTab.js";
import { TemplatesTab } from "./TemplatesTab.js";

const m = () => t.notify.settings;
const TABS = ["channels", "templates", "log"] as const;
type Tab = (typeof TABS)[number];

/** 通知设置 (admins and supervisors): channels, message templates, and the delivery log. */
export function NotificationSettingsPage() {
  const role = useMe().data?.user.role;
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get("tab") ?? "")
    ? (params.get("tab") as Tab)
    : "channels";
  if (role !== "admin" && role !== "supervisor") return <Result status="403" title={m().forbidden} />;
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {m().title}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          { key: "channels", label: m().channels, children: <ChannelsTab /> },
          { key: "templates", label: m().templates, children: <TemplatesTab /> },
          { key: "log", label: m().log, children: <DeliveryLogTab /> },
        ]}
      />
    </div>
  );
}
