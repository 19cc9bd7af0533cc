import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { router } from "./App.js";
import { ApiError } from "./api.js";
import { fetchMe, ME_KEY, ME_STALE_MS } from "./auth.js";
import { locale } from "./messages.js";
import "./styles.css";
import { theme } from "./theme.js";

dayjs.locale(locale === "en-US" ? "en" : "zh-cn");
document.documentElement.lang = locale;

/** A 401 from any request means the session ended (expired, signed out elsewhere): back to 登录. */
function onError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(ME_KEY, null);
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 1,
    },
  },
});

// The session check starts now, beside the first render, not after it (RequireAuth waits on it before any page).
void queryClient.prefetchQuery({ queryKey: ME_KEY, queryFn: fetchMe, retry: false, staleTime: ME_STALE_MS });

const root = document.getElementById("root");
if (!root) throw new Error("#root missing");
createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={locale === "en-US" ? enUS : zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
