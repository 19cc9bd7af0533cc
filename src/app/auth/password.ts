import { type Algorithm, hash, parseOptions, verify } from "@node-rs/argon2";
import { errors } from "../../core/errors.js";

/**
 * Password hashing: argon2id with the OWASP Password Storage Cheat Sheet's first recommended setting —
 * 19 MiB of memory (m=19456 KiB), 2 passes (t=2), 1 lane (p=1), a 16-byte random salt and a 32-byte output.
 * About 20–40 ms per hash on a server core: slow for an attacker with a stolen table, cheap for a login.
 * Hashes are stored in PHC form ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"), so older settings still verify
 * and are upgraded at the next successful login (needsRehash).
 */
const ARGON2ID = 2 as Algorithm;
const PARAMS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase, short enough that hashing cannot be used to tie up the server. */
export const PASSWORD_MAX_LENGTH = 256;

/** The password policy: at least 8 characters (and at most 256). Throws INVALID_ARGUMENT naming the field. */
export function checkPasswordPolicy(password: string, field = "password"): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    throw errors.invalid(
      field,
      `the password must be at least ${PASSWORD_MIN_LENGTH} characters long`,
      `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`,
    );
  if (length > PASSWORD_MAX_LENGTH)
    throw errors.invalid(
      field,
      `the password must be at most ${PASSWORD_MAX_LENGTH} characters long`,
      `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`,
    );
  if (password.trim() === "")
    throw errors.invalid(field, "the password must not be only spaces", "密码不能全部为空格");
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

/** True when `password` matches; a malformed stored hash counts as no match. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other settings than today's: rehash it after a successful login. */
export function needsRehash(stored: string): boolean {
  try {
    const p = parseOptions(stored);
    return (
      p.algorithm !== PARAMS.algorithm ||
      p.memoryCost !== PARAMS.memoryCost ||
      p.timeCost !== PARAMS.timeCost ||
      p.parallelism !== PARAMS.parallelism ||
      p.outputLen !== PARAMS.outputLen
    );
  } catch {
    return true;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Spends the time of one verification when there is no user to verify against, so that "no such user" and
 * "wrong password" take as long as each other and cannot be told apart by timing.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword("duban-timing-equalizer");
  await verifyPassword(await dummy, password);
  return false;
}
