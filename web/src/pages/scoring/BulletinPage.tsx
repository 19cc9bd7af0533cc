import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Space, Spin, Typography } from "antd";
import { useState } from "react";
import { errorMessage, scoringApi } from "../../api.js";
import { useMe } from "../../auth.js";
import { t } from "../../messages.js";
import { BulletinPreview } from "../../scoring/BulletinPreview.js";
import { currentPeriod, PeriodSelect, RegionSelect, useRegionChoices } from "../../scoring/pickers.js";

const b = () => t.bulletin;

/**
 * 通报与台账 (/bulletin): the 通报 of a region and period, previewed from the model the .docx is drawn from,
 * with its download; and the 台账 download (department users: their department's rows only, and no 通报).
 */
export function BulletinPage() {
  const me = useMe().data?.user;
  const choices = useRegionChoices();
  const [picked, setPicked] = useState<string | null>(null);
  const regionId = picked ?? choices.defaultId;
  const [period, setPeriod] = useState(currentPeriod);
  const readsBulletin = me?.role === "admin" || me?.role === "supervisor" || me?.role === "viewer";
  const model = useQuery({
    queryKey: ["bulletin", regionId, period],
    queryFn: () => scoringApi.bulletin(regionId as string, period),
    enabled: readsBulletin && regionId !== null,
  });
  const department = me?.role === "department";
  return (
    <Space direction="vertical" size="middle" className="page" data-testid="bulletin-page">
      <Typography.Title level={1} className="page-title">
        {b().title}
      </Typography.Title>
      {readsBulletin && (
        <Space wrap size="large">
          <RegionSelect id="bulletin-region" value={regionId} onChange={setPicked} />
          <PeriodSelect idPrefix="bulletin-period" value={period} onChange={setPeriod} />
        </Space>
      )}
      <Card
        size="small"
        title={<h2 className="card-title">{b().ledger}</h2>}
        extra={
          <Button
            href={scoringApi.ledgerXlsxUrl(department ? null : regionId)}
            download
            data-testid="download-xlsx"
            disabled={!department && regionId === null}
          >
            {b().downloadXlsx}
          </Button>
        }
      >
        <span className="muted">{department ? b().ledgerHintDepartment : b().ledgerHint}</span>
      </Card>
      {readsBulletin && (
        <Card
          size="small"
          title={<h2 className="card-title">{b().preview}</h2>}
          extra={
            regionId && (
              <Button
                type="primary"
                href={scoringApi.bulletinDocxUrl(regionId, period)}
                download
                data-testid="download-docx"
              >
                {b().downloadDocx}
              </Button>
            )
          }
        >
          {model.isError && <Alert type="error" showIcon message={errorMessage(model.error)} />}
          {model.isPending && model.fetchStatus !== "idle" && <Spin />}
          {model.data && <BulletinPreview model={model.data} />}
        </Card>
      )}
    </Space>
  );
}
