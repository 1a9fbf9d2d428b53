import { z } from "zod";
import { vendorEnvShape } from "./integrations/vendor-env";
import { loadLocalSecrets } from "./local-secrets";

/**
 * The environment, parsed once with zod. Every variable is listed in the README.
 * Secrets that a zero-set-up run needs (session secret, encryption key) are generated into `.data/`
 * only in development or demo mode; a production start without them fails with a clear message.
 */
/** An empty variable (`FOO=`) counts as unset. */
const optional = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === "" ? undefined : v), inner.optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(z.string()),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  OPENSAM_DEMO: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /** Lets OPENSAM_DEMO run under NODE_ENV=production (the demo launcher's `next start` on a laptop). */
  OPENSAM_DEMO_IN_PRODUCTION: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /**
   * Tests and demos only: the app's "now" may be moved forward (lib/clock/app-clock.ts), so that a
   * date days away can be reached. Refused under NODE_ENV=production like OPENSAM_DEMO.
   */
  OPENSAM_TEST_CLOCK: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  AUTH_SECRET: optional(z.string().min(32, "AUTH_SECRET must be at least 32 characters")),
  OPENSAM_ENCRYPTION_KEY: optional(
    z.string().refine((v) => Buffer.from(v, "base64").length === 32, "OPENSAM_ENCRYPTION_KEY must be 32 bytes, base64-encoded"),
  ),
  APP_URL: z.url().default("http://localhost:3000"),
  // Each vendor's base URLs and the like, from its adapter's fragment (lib/integrations/vendor-env.ts).
  ...vendorEnvShape,
  /** `off`: this server does not run jobs (use `npm run worker`); read by lib/jobs/worker.ts. */
  OPENSAM_WORKER: z.enum(["on", "off"]).default("on"),
  /** Where email goes: a nodemailer SMTP URL, e.g. smtps://user:pass@smtp.example.com:465. */
  OPENSAM_SMTP_URL: optional(z.string().regex(/^smtps?:\/\//, "OPENSAM_SMTP_URL must start with smtp:// or smtps://")),
  /** The sender of the notices. */
  OPENSAM_MAIL_FROM: z.string().min(3).default("OpenSAM <opensam@localhost>"),
  /**
   * Demo and tests: the server starts a local SMTP server on this port that keeps what it receives
   * (the Mailbox page shows it); OPENSAM_SMTP_URL then defaults to it.
   */
  OPENSAM_MAIL_CAPTURE_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  /** Set by the demo launcher: the workspace talks to the local Miro simulator at this URL. */
  OPENSAM_SIMULATOR_URL: optional(z.url()),
  /** Demo mode: the simulator whose members the demo user directory is made from; default OPENSAM_SIMULATOR_URL. */
  OPENSAM_DEMO_DIRECTORY_SOURCE: optional(z.url()),
  /** Set by the demo launcher: the simulated organization (id) the demo workspace is made on at first start. */
  OPENSAM_DEMO_WORKSPACE_ORG: optional(z.string().regex(/^\d{1,30}$/)),
});

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string; OPENSAM_ENCRYPTION_KEY: string };

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Parses and checks an environment; throws with every problem in words. */
export function parseEnv(source: NodeJS.ProcessEnv, localSecrets: () => { authSecret: string; encryptionKey: string } = loadLocalSecrets): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production" && e.OPENSAM_DEMO && !e.OPENSAM_DEMO_IN_PRODUCTION) {
    throw new Error(
      "OPENSAM_DEMO=1 is refused when NODE_ENV=production: it creates demo sign-ins with a published password. " +
        "Unset OPENSAM_DEMO, or, for a demo on your own machine, also set OPENSAM_DEMO_IN_PRODUCTION=1.",
    );
  }
  if (e.NODE_ENV === "production" && e.OPENSAM_TEST_CLOCK && !e.OPENSAM_DEMO_IN_PRODUCTION) {
    throw new Error(
      "OPENSAM_TEST_CLOCK=1 is refused when NODE_ENV=production: it lets a SAM admin move the date that decides reclaims. " +
        "Unset OPENSAM_TEST_CLOCK, or, for a demo on your own machine, also set OPENSAM_DEMO_IN_PRODUCTION=1.",
    );
  }
  let authSecret = e.AUTH_SECRET;
  let encryptionKey = e.OPENSAM_ENCRYPTION_KEY;
  if (!authSecret || !encryptionKey) {
    if (e.NODE_ENV === "production" && !e.OPENSAM_DEMO) {
      throw new Error(
        "AUTH_SECRET and OPENSAM_ENCRYPTION_KEY must be set in production (see README › Configuration). " +
          "Generate them with: npm run secrets",
      );
    }
    const local = localSecrets();
    authSecret ??= local.authSecret;
    encryptionKey ??= local.encryptionKey;
  }
  return { ...e, AUTH_SECRET: authSecret, OPENSAM_ENCRYPTION_KEY: encryptionKey };
}
