import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Development and demo secrets, generated once into `.data/dev-secrets.json` so that a fresh clone
 * runs with no configuration and sessions survive restarts. Never used in production.
 */
export type LocalSecrets = { authSecret: string; encryptionKey: string };

export function localSecretsPath(): string {
  return path.join(process.cwd(), ".data", "dev-secrets.json");
}

export function loadLocalSecrets(): LocalSecrets {
  const file = localSecretsPath();
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  }
  const secrets: LocalSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("base64"),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
