import { Button } from "antd";
import { locale, setLocale, t } from "./messages.js";

/** 中文 ⇄ English. The label is in the language it switches to, so a reader of either can find it. */
export function LocaleSwitch({ className }: { className?: string }) {
  const next = locale === "en-US" ? "zh-CN" : "en-US";
  return (
    <Button
      size="small"
      type="text"
      className={className}
      data-testid="locale-switch"
      lang={next}
      aria-label={t.locale.switchLabel}
      onClick={() => setLocale(next)}
    >
      {t.locale.switchTo}
    </Button>
  );
}
