import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "@/lib/security/secrets";

const key = randomBytes(32).toString("base64");

describe("secrets helper (AES-256-GCM)", () => {
  it("round-trips a secret and never stores the plaintext", () => {
    const secret = "eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_refresh-token-ü";
    const sealed = encryptSecret(secret, key);
    expect(sealed).not.toContain(secret);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptSecret(sealed, key)).toBe(secret);
  });

  it("uses a fresh IV: the same secret encrypts differently each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("fails on a tampered ciphertext, tag or IV", () => {
    const sealed = encryptSecret("client-secret", key);
    const [v, iv, tag, ct] = sealed.split(".") as [string, string, string, string];
    const flip = (s: string) => {
      const b = Buffer.from(s, "base64url");
      b[0] = b[0]! ^ 0x01;
      return b.toString("base64url");
    };
    expect(() => decryptSecret([v, iv, tag, flip(ct)].join("."), key)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret([v, iv, flip(tag), ct].join("."), key)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret([v, flip(iv), tag, ct].join("."), key)).toThrow(SecretDecryptionError);
  });

  it("fails with another key", () => {
    const sealed = encryptSecret("client-secret", key);
    expect(() => decryptSecret(sealed, randomBytes(32).toString("base64"))).toThrow(SecretDecryptionError);
  });

  it("rejects a key that is not 32 bytes", () => {
    expect(() => encryptSecret("x", Buffer.alloc(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
