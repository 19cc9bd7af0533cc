import { open } from "node:fs/promises";

export { fsyncPath, writeAtomically } from "../atomicFile.js";

/** What kind of backup a file holds, from its first bytes. */
export async function sniffBackup(path: string): Promise<"sqlite" | "pgdump" | "other"> {
  const fh = await open(path, "r");
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    const b = head.subarray(0, bytesRead);
    if (b.toString("latin1") === "SQLite format 3\0") return "sqlite";
    if (b.subarray(0, 5).toString("latin1") === "PGDMP") return "pgdump";
    return "other";
  } finally {
    await fh.close();
  }
}
