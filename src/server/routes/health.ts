import { sql } from "kysely";
import { z } from "zod";
import { latestVersion } from "../../db/migrate.js";
import type { RouteModule } from "./index.js";

const Health = z.object({
  status: z.literal("ok"),
  database: z.enum(["sqlite", "postgres"]),
  schema: z.string(),
});

export const healthRoutes: RouteModule = async (app, { deps }) => {
  app.get(
    "/health",
    { schema: { tags: ["system"], summary: "Liveness and database check", response: { 200: Health } } },
    async () => {
      await sql`select 1`.execute(deps.db.kysely);
      return { status: "ok" as const, database: deps.db.dialect, schema: latestVersion() };
    },
  );
};
