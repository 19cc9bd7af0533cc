import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestVersion } from "../../src/db/migrate.js";
import { buildServer } from "../../src/server/app.js";
import { ServerConfig } from "../../src/server/config.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";

describe.each(DIALECTS)("server basics on %s", (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await buildServer({ db, config: ServerConfig.parse({}) });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it("answers /api/health with the database in use", async () => {
    const res = await app.inject({ method: "GET", url: "/api/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", database: dialect, schema: latestVersion() });
  });

  it("serves the OpenAPI document and the docs page", async () => {
    const doc = await app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths["/api/health"]).toBeDefined();
    const ui = await app.inject({ method: "GET", url: "/api/docs/" });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain("swagger");
  });

  it("answers unknown routes with the error shape", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/nope" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: "NOT_FOUND" });
    expect(typeof res.json().error.messageZh).toBe("string");
  });
});
