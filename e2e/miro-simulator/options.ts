/**
 * Simulator options: the documented Miro defaults, plus switches for every behaviour that
 * miro-api.md marks as [INFERENCE] so tests can exercise both readings.
 * The zod schemas validate control-API input (POST /__sim/reset, /__sim/config) and CLI flags.
 */
import { z } from "zod";
import { LICENSES } from "./licenses";

export interface Budgets {
  /** REST credits per (user, app) per window (§4.1: 100,000 per minute). */
  restCreditsPerWindow: number;
  restWindowMs: number;
  /** Credits per call by rate-limit level (§4.1). */
  restLevelCosts: { level1: number; level2: number; level3: number; level4: number };
  /** SCIM limits are requests per endpoint per 30 s (§4.3). */
  scimWindowMs: number;
  scimLimits: Record<ScimLimitKey, number>;
}

export const SCIM_LIMIT_KEYS = [
  "GET /Users",
  "GET /Users/{id}",
  "POST /Users",
  "PUT /Users/{id}",
  "PATCH /Users/{id}",
  "DELETE /Users/{id}",
  "GET /Groups",
  "GET /Groups/{id}",
  "PATCH /Groups/{id}",
  "PATCH /Groups/{id} (body > 500 bytes)",
] as const;
export type ScimLimitKey = (typeof SCIM_LIMIT_KEYS)[number];

export const DEFAULT_BUDGETS: Budgets = {
  restCreditsPerWindow: 100_000,
  restWindowMs: 60_000,
  restLevelCosts: { level1: 50, level2: 100, level3: 500, level4: 2000 },
  scimWindowMs: 30_000,
  scimLimits: {
    "GET /Users": 200,
    "GET /Users/{id}": 200,
    "POST /Users": 200,
    "PUT /Users/{id}": 100,
    "PATCH /Users/{id}": 100,
    "DELETE /Users/{id}": 20,
    "GET /Groups": 5,
    "GET /Groups/{id}": 20,
    "PATCH /Groups/{id}": 100,
    "PATCH /Groups/{id} (body > 500 bytes)": 5,
  },
};

const licenseSchema = z.enum(LICENSES);

/** Behaviours the reference could not confirm ([INFERENCE]); defaults are the reference's guess. */
export const behaviourSchema = z.strictObject({
  /** §1.5: ids in token responses are strings by default; true writes bare JSON numbers (> 2^53). */
  numericIdsInTokenResponse: z.boolean(),
  /** §1.3.6: Cancel redirects with error=access_denied (RFC 6749), or shows an error page. */
  consentDenial: z.enum(["redirect", "error-page"]),
  /** §1.3.4: "After the access_token is received, the application is considered installed." */
  installOn: z.enum(["token", "consent"]),
  /** §1.3.3: whether a reinstall revokes tokens issued earlier for that (app, team). */
  reinstallRevokesTokens: z.boolean(),
  /** §1.7: the spec documents 400 "Invalid token provided"; 401 is the alternative reading. */
  tokenInfoInvalidStatus: z.union([z.literal(400), z.literal(401)]),
  /** §1.7: organization is missing for teams outside an organization. */
  omitTokenInfoOrganization: z.boolean(),
  /** §7.2: org_id not equal to the token's org gives 403 or 404. */
  orgMismatchStatus: z.union([z.literal(403), z.literal(404)]),
  /** §3.9: license shown for a deactivated member: keep the last one or switch to free_restricted. */
  deactivatedLicense: z.enum(["keep", "free_restricted"]),
  /** §4.3: X-RateLimit-* on SCIM responses is unconfirmed. */
  scimRateLimitHeaders: z.boolean(),
  /** §4.1: Retry-After on 429 was not found in any Miro source. */
  retryAfterHeader: z.boolean(),
  /** §1.1: a `scope` parameter on the authorize URL is ignored, or narrows the app's scopes. */
  authorizeScopeParam: z.enum(["ignore", "narrow"]),
  /** §2.3: on the last page the cursor is omitted, or sent as "". */
  lastPageCursor: z.enum(["omit", "empty-string"]),
  /** §3.5: license of a SCIM-created user when userType is omitted (no FLP: Full). */
  scimDefaultLicense: licenseSchema,
  /** §3.5: POST /Users with an email outside these domains gives 409 "not whitelisted"; null = any. */
  emailDomainAllowList: z.array(z.string()).nullable(),
  /** §3.6: userType strings per license; the exact casing is unconfirmed. */
  userTypes: z.partialRecord(licenseSchema, z.string()),
});
export type Behaviour = z.infer<typeof behaviourSchema>;

export const DEFAULT_BEHAVIOUR: Behaviour = {
  numericIdsInTokenResponse: false,
  consentDenial: "redirect",
  installOn: "token",
  reinstallRevokesTokens: false,
  tokenInfoInvalidStatus: 400,
  omitTokenInfoOrganization: false,
  orgMismatchStatus: 403,
  deactivatedLicense: "keep",
  scimRateLimitHeaders: false,
  retryAfterHeader: false,
  authorizeScopeParam: "ignore",
  lastPageCursor: "omit",
  scimDefaultLicense: "full",
  emailDomainAllowList: null,
  userTypes: {},
};

const positiveInt = z.number().int().positive();

export const budgetsInputSchema = z.strictObject({
  restCreditsPerWindow: positiveInt.optional(),
  restWindowMs: positiveInt.optional(),
  restLevelCosts: z
    .strictObject({
      level1: positiveInt.optional(),
      level2: positiveInt.optional(),
      level3: positiveInt.optional(),
      level4: positiveInt.optional(),
    })
    .optional(),
  scimWindowMs: positiveInt.optional(),
  scimLimits: z.partialRecord(z.enum(SCIM_LIMIT_KEYS), positiveInt).optional(),
});
export type BudgetsInput = z.infer<typeof budgetsInputSchema>;

const idString = z.string().regex(/^\d{19}$/, "must be a 19-digit decimal string");

/** Everything that shapes the generated organization; also the body of POST /__sim/reset. */
export const orgOptionsSchema = z.strictObject({
  members: z.number().int().min(1).max(2_000_000).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  teams: z.number().int().min(1).max(500).optional(),
  expiringTokens: z.boolean().optional(),
  rateLimit: z.boolean().optional(),
  budgets: budgetsInputSchema.optional(),
  redirectUris: z.array(z.url()).optional(),
  appScopes: z.array(z.string().min(1)).optional(),
  appName: z.string().min(1).max(100).optional(),
  clientId: idString.optional(),
  clientSecret: z.string().min(8).optional(),
  scimToken: z.string().min(8).optional(),
  scimEnabled: z.boolean().optional(),
  ssoEnabled: z.boolean().optional(),
  orgName: z.string().min(1).max(120).optional(),
  plan: z.string().min(1).optional(),
  fullLicensesPurchased: z.number().int().min(0).optional(),
  adminPassword: z.string().min(1).optional(),
  /** Pins simulated "now" at start (ISO string or epoch ms) so generated dates are byte-identical. */
  startTime: z.union([z.iso.datetime(), z.number().int()]).optional(),
  behaviour: behaviourSchema.partial().optional(),
});
export type OrgOptions = z.infer<typeof orgOptionsSchema>;

export interface MiroSimulatorOptions extends OrgOptions {
  /** 0 picks a free port. Default 0 in-process, 4010 for the CLI. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * More organizations on the same origin (like miro.com serving every company), each from its own
   * options (e.g. `{ seed: 2 }`); the options above describe the first one, `state`.
   */
  extraOrgs?: OrgOptions[];
  /** A JSON file that keeps every organization's state across restarts (see state-file.ts). */
  statePath?: string;
}

export const DEFAULT_REDIRECT_URIS = [
  "http://localhost:3000/api/integrations/miro/oauth/callback",
  "http://127.0.0.1:3000/api/integrations/miro/oauth/callback",
];

export const DEFAULT_APP_SCOPES = ["organizations:read", "organizations:teams:read", "boards:read"];

export interface ResolvedOptions {
  members: number;
  seed: number;
  teams: number | undefined;
  expiringTokens: boolean;
  rateLimit: boolean;
  budgets: Budgets;
  redirectUris: string[];
  appScopes: string[];
  appName: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  scimToken: string | undefined;
  scimEnabled: boolean;
  ssoEnabled: boolean;
  orgName: string | undefined;
  plan: string;
  fullLicensesPurchased: number | undefined;
  adminPassword: string | undefined;
  startTime: number | undefined;
  behaviour: Behaviour;
}

export function mergeBudgets(base: Budgets, input: BudgetsInput | undefined): Budgets {
  if (!input) return base;
  return {
    restCreditsPerWindow: input.restCreditsPerWindow ?? base.restCreditsPerWindow,
    restWindowMs: input.restWindowMs ?? base.restWindowMs,
    restLevelCosts: { ...base.restLevelCosts, ...stripUndefined(input.restLevelCosts ?? {}) },
    scimWindowMs: input.scimWindowMs ?? base.scimWindowMs,
    scimLimits: { ...base.scimLimits, ...stripUndefined(input.scimLimits ?? {}) },
  };
}

export function mergeBehaviour(base: Behaviour, input: Partial<Behaviour> | undefined): Behaviour {
  return { ...base, ...stripUndefined(input ?? {}) };
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** Applies defaults. Redirect URIs given by the caller are added to the defaults, not replacing them. */
export function resolveOptions(input: OrgOptions): ResolvedOptions {
  const redirectUris = [...DEFAULT_REDIRECT_URIS];
  for (const uri of input.redirectUris ?? []) if (!redirectUris.includes(uri)) redirectUris.push(uri);
  return {
    members: input.members ?? 2000,
    seed: input.seed ?? 1,
    teams: input.teams,
    expiringTokens: input.expiringTokens ?? true,
    rateLimit: input.rateLimit ?? true,
    budgets: mergeBudgets(DEFAULT_BUDGETS, input.budgets),
    redirectUris,
    appScopes: input.appScopes ?? DEFAULT_APP_SCOPES,
    appName: input.appName ?? "OpenSAM",
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    scimToken: input.scimToken,
    scimEnabled: input.scimEnabled ?? true,
    ssoEnabled: input.ssoEnabled ?? true,
    orgName: input.orgName,
    plan: input.plan ?? "company",
    fullLicensesPurchased: input.fullLicensesPurchased,
    adminPassword: input.adminPassword,
    startTime: input.startTime === undefined ? undefined : new Date(input.startTime).getTime(),
    behaviour: mergeBehaviour(DEFAULT_BEHAVIOUR, input.behaviour),
  };
}
