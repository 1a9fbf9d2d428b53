/**
 * Identifier and secret shapes. Miro ids are 19-digit decimal strings above 2^53 (§0); every id
 * minted here has exactly 19 digits so that string comparison equals numeric comparison.
 * Seed-derived bases keep two simulators with different seeds from sharing any id.
 */
import { createHash, randomBytes } from "node:crypto";

/** base64url of {"miro.origin":"eu01"}: the region marker Miro puts in front of tokens and codes. */
export const TOKEN_PREFIX = "eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_";

const SEED_SPAN = 100_000n;

function seedPart(seed: number): bigint {
  return BigInt(seed) % SEED_SPAN;
}

export function memberIdBase(seed: number): bigint {
  // 3074457350000000000 + up to 99999e9 stays within 19 digits, leaving 1e9 ids per seed.
  return 3074457350000000000n + seedPart(seed) * 1_000_000_000n;
}

export function teamIdBase(seed: number): bigint {
  return 3458764510000000000n + seedPart(seed) * 1_000_000_000n;
}

export function orgId(seed: number): string {
  return (3458764520000000000n + seedPart(seed) * 1_000_000_000n + 1n).toString();
}

/** Demo app client id, e.g. 3458764500000000001 for seed 1. */
export function demoClientId(seed: number): string {
  return (3458764500000000000n + (BigInt(seed) % 1_000_000_000n)).toString();
}

/** Client ids for apps created later; still 19 digits and distinct per seed. */
export function appClientId(seed: number, index: number): string {
  return (3458764530000000000n + seedPart(seed) * 1_000_000_000n + BigInt(index)).toString();
}

function derive(label: string, seed: number, length: number): string {
  return createHash("sha256").update(`miro-simulator:${label}:${seed}`).digest("base64url").slice(0, length);
}

export function demoClientSecret(seed: number): string {
  return derive("client-secret", seed, 32);
}

export function appClientSecret(seed: number, index: number): string {
  return derive(`client-secret-${index}`, seed, 32);
}

export function scimToken(seed: number, generation: number): string {
  return derive(`scim-token-${generation}`, seed, 43);
}

/** Codes and tokens are not seed-derived: they must be unguessable and unique across resets. */
export function mintToken(): string {
  return TOKEN_PREFIX + randomBytes(24).toString("base64url");
}

export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}

/** Numeric comparison of non-negative decimal strings without leading zeros. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
