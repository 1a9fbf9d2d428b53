import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const SECRETS = { AUTH_SECRET: randomBytes(32).toString("base64url"), OPENSAM_ENCRYPTION_KEY: randomBytes(32).toString("base64") };
const noLocalSecrets = () => {
  throw new Error("local secrets must not be read here");
};

describe("production guards", () => {
  it("OPENSAM_DEMO is refused under NODE_ENV=production, with what to do", () => {
    expect(() => parseEnv({ NODE_ENV: "production", OPENSAM_DEMO: "1", ...SECRETS }, noLocalSecrets)).toThrow(
      /OPENSAM_DEMO=1 is refused when NODE_ENV=production.*OPENSAM_DEMO_IN_PRODUCTION=1/,
    );
  });

  it("…unless asked for explicitly, and it stays allowed in development", () => {
    expect(parseEnv({ NODE_ENV: "production", OPENSAM_DEMO: "1", OPENSAM_DEMO_IN_PRODUCTION: "1", ...SECRETS }, noLocalSecrets).OPENSAM_DEMO).toBe(true);
    expect(parseEnv({ NODE_ENV: "development", OPENSAM_DEMO: "1", ...SECRETS }, noLocalSecrets).OPENSAM_DEMO).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", ...SECRETS }, noLocalSecrets).OPENSAM_DEMO).toBe(false);
  });

  it("production without the secrets fails instead of generating local ones", () => {
    expect(() => parseEnv({ NODE_ENV: "production" }, noLocalSecrets)).toThrow(/must be set in production/);
  });

  it("processes creating the local secrets at the same moment all end with the same key", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "opensam-secrets-"));
    try {
      const rounds = 40;
      const t0 = Date.now() + 3000; // after every process has started
      const child = path.resolve(__dirname, "../helpers/local-secrets-child.ts");
      const outputs = await Promise.all(
        [0, 1, 2].map(
          () =>
            new Promise<string[]>((resolve, reject) => {
              let out = "";
              const p = spawn(process.execPath, ["--import", "tsx", child, dir, String(t0), String(rounds)], { stdio: ["ignore", "pipe", "inherit"] });
              p.stdout.on("data", (d) => {
                out += d;
              });
              p.on("error", reject);
              p.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`child exited with ${code}`))));
            }),
        ),
      );
      for (let k = 0; k < rounds; k++) expect(new Set(outputs.map((o) => o[k])).size, `round ${k}`).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
