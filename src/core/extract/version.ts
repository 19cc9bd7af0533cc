/**
 * Bumped whenever extraction rules change what comes out. The ledger re-extracts a stored report whose
 * version differs, keeping human corrections (they are attached to stable fact ids).
 */
export const EXTRACTOR_VERSION = "2026.11.28-1";
