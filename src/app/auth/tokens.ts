import { createHash, randomBytes } from "node:crypto";

/** sha256 (hex) of a session or API token: what the database keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const API_TOKEN_PREFIX = "dbn_";

/** A new API token: "dbn_" and 32 random bytes (base64url). */
export function newApiTokenSecret(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}
