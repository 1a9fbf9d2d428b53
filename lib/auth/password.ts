import { hash, verify } from "@node-rs/argon2";

/**
 * Argon2id at OWASP's minimum parameters for it (19 MiB of memory, 2 iterations, 1 lane), stated
 * here rather than left to the library's defaults, which may change. A hash made with weaker
 * parameters is replaced at the next successful sign-in (`needsRehash`).
 */
export const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash is weaker than today's parameters (or not Argon2id at all). */
export function needsRehash(passwordHash: string): boolean {
  const m = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!m) return true;
  return Number(m[1]) < ARGON2_OPTIONS.memoryCost || Number(m[2]) < ARGON2_OPTIONS.timeCost || Number(m[3]) < ARGON2_OPTIONS.parallelism;
}

/**
 * A hash to verify against when the email is unknown, so that a wrong email and a wrong password
 * take the same time and get the same answer.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("opensam-timing-equaliser");
  return dummy;
}
