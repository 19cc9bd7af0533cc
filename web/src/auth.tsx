import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import type { MeResponse } from "../../src/contract/api/auth.js";
import { ApiError, api, setCsrfToken } from "./api.js";
import { t } from "./messages.js";

export const ME_KEY = ["auth", "me"] as const;

/** The session (null when signed out); keeps the CSRF token for later requests. */
export async function fetchMe(): Promise<MeResponse | null> {
  try {
    const me = await api.me();
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export const ME_STALE_MS = 60_000;

/** The signed-in user (null when signed out). */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, retry: false, staleTime: ME_STALE_MS });
}

/** After sign-in or sign-out: the new session (or none), and nothing cached from the previous one. */
export function useSetSession() {
  const qc = useQueryClient();
  return (me: MeResponse | null) => {
    setCsrfToken(me?.csrfToken ?? null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    qc.setQueryData(ME_KEY, me);
  };
}

/** Renders its children for a signed-in user; sends anyone else to the sign-in page, remembering where to. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending)
    return (
      <div className="center-page">
        <Spin tip={t.common.loading}>
          <div style={{ width: 120, height: 60 }} />
        </Spin>
      </div>
    );
  if (me.data) return <>{children}</>;
  if (me.isError) throw me.error;
  return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
}
