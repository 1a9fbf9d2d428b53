import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Development and demo secrets, generated once into `.data/dev-secrets.json` so that a fresh clone
 * runs with no configuration and sessions survive restarts. Never used in production.
 */
export type LocalSecrets = { authSecret: string; encryptionKey: string };

export function localSecretsPath(): string {
  return path.join(process.cwd(), ".data", "dev-secrets.json");
}

/**
 * Reads the file, or creates it. The file appears complete or not at all (written aside, then
 * hard-linked into place, which fails if it exists), so two processes starting together (the app and
 * its worker) always end with the same key: the one that loses the race reads the winner's.
 */
export function loadLocalSecrets(file: string = localSecretsPath()): LocalSecrets {
  const existing = readSecrets(file);
  if (existing) return existing;
  const secrets: LocalSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("base64"),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(aside, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
  try {
    linkSync(aside, file);
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const winner = readSecrets(file);
    if (!winner) throw new Error(`${file} exists but cannot be read as OpenSAM's local secrets; delete it to start over.`);
    return winner;
  } finally {
    unlinkSync(aside);
  }
}

function readSecrets(file: string): LocalSecrets | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
