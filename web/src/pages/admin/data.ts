import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Department } from "../../../../src/contract/api/departments.js";
import { adminApi, ledgerApi } from "../../api.js";

export const DEPARTMENTS_KEY = ["departments"] as const;
export const USERS_KEY = ["users"] as const;

/** The region tree as a flat list (same cache as the targets page), with names by id. */
export function useRegions() {
  const regions = useQuery({ queryKey: ["regions"], queryFn: ledgerApi.regions, staleTime: 5 * 60_000 });
  const names = useMemo(
    () => new Map((regions.data?.items ?? []).map((r) => [r.id, r.name])),
    [regions.data],
  );
  const options = useMemo(
    () => (regions.data?.items ?? []).map((r) => ({ value: r.id, label: r.name })),
    [regions.data],
  );
  return { regions, names, options };
}

/** Departments of one region, or of all regions when `regionId` is undefined; every page. */
export function useDepartments(regionId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...DEPARTMENTS_KEY, regionId ?? "all"],
    enabled,
    queryFn: async () => {
      const out: Department[] = [];
      let cursor: string | null = null;
      do {
        const page = await adminApi.departments({
          ...(regionId ? { regionId } : {}),
          cursor,
          limit: 500,
        });
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out.sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    },
  });
}
