import { expect } from "vitest";
import { DubanError, type ErrorCode } from "../../../src/core/errors.js";

/** Awaits a promise that must reject with a DubanError of `code`, and returns the error for more checks. */
export async function expectDubanError(promise: Promise<unknown>, code: ErrorCode): Promise<DubanError> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok)
    throw new Error(`expected ${code}, but it resolved to ${JSON.stringify(outcome.value).slice(0, 200)}`);
  expect(outcome.error).toBeInstanceOf(DubanError);
  const err = outcome.error as DubanError;
  expect(err.code, err.message).toBe(code);
  expect(err.messageZh.length).toBeGreaterThan(0);
  return err;
}
