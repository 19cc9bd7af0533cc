import { ErrorBody } from "../../contract/api/common.js";
import type { Role } from "../../db/schema.js";

/** The error answers of a ledger route: bad input, not signed in, not allowed, not found, stale version. */
export const errs = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** `config.access` lists of the ledger's routes. */
export const managers: Role[] = ["admin", "supervisor"];
export const readers: Role[] = ["admin", "supervisor", "department", "viewer"];
