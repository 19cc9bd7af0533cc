import type { ThemeConfig } from "antd";

/**
 * Ant Design's default blue (#1677ff) and its grey secondary text fall short of WCAG AA contrast (4.5:1) on
 * white; these tokens darken them so the pages pass an accessibility check.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: "#0958d9",
    colorLink: "#0650c4",
    colorTextSecondary: "rgba(0, 0, 0, 0.68)",
    colorTextTertiary: "rgba(0, 0, 0, 0.65)",
    colorTextDescription: "rgba(0, 0, 0, 0.65)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.55)",
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Segoe UI', sans-serif",
  },
};
