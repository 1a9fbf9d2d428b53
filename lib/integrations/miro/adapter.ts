import "server-only";
import type { ProfileValidationCheck } from "../../db/schema/integration-profiles";
import { VendorHttpError } from "../http";
import { ensureAccessToken, withTokenRetry, type AccessTokenOptions } from "../token-refresh";
import { VendorError, type TokenContext, type TokenStore, type VendorAdapter } from "../types";
import { createMiroClient, type MiroClient, type MiroClientOptions } from "./client";
import {
  buildAuthorizeUrl,
  exchangeMiroCode,
  isTokenInfoRejection,
  miroContextProblem,
  refreshMiroTokens,
  tokenContextFromMiro,
} from "./oauth";
import { miroDownload } from "./download";
import { miroEnvSchema } from "./env";
import { miroReclaim } from "./reclaim";
import { miroSettingsSchema, type MiroSettings } from "./settings";
import type { MiroMember } from "./api-types";

/*
 * The Miro Enterprise adapter (product.md §3-§4): what the vendor-agnostic profile form, OAuth
 * callback, Validate Connection and download job need from Miro.
 */

export const MIRO_VENDOR_ID = "miro";
export const MIRO_PROFILE_TYPE = { id: "miro_enterprise_subscription", label: "Miro Enterprise Subscription" } as const;
const PRODUCT = "Miro Enterprise";

/** How each Miro license identifier reads as a software model edition. */
const EDITIONS: Record<string, string> = {
  full: "Full",
  occasional: "Occasional",
  full_trial: "Full (Trial)",
  basic: "Basic",
  standard: "Standard",
  advanced: "Advanced",
  free: "Free",
  free_restricted: "Free Restricted",
  unknown: "Unknown",
};

/** "full" → "Full"; an identifier Miro adds later reads as its words, e.g. "team_plus" → "Team Plus". */
export function miroEdition(identifier: string): string {
  const id = identifier.trim().toLowerCase();
  return EDITIONS[id] ?? id.split(/[_\s]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ");
}

export type MiroAdapterOptions = MiroClientOptions & {
  /** The clock for token expiry; injected in tests. */
  now?: () => number;
};

export type MiroAdapter = VendorAdapter<MiroSettings, MiroMember> & {
  readonly client: MiroClient;
  /**
   * Runs `call` with a valid access token of the store's connection; on a 401 it renews the token
   * once and retries once (product.md §4). What the download job wraps each Miro call in.
   */
  withAccessToken<T>(store: TokenStore, call: (accessToken: string) => Promise<T>): Promise<T>;
};

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return `Unexpected error: ${String(error)}`;
}

function vendorWords(error: VendorError): string {
  return error instanceof VendorHttpError && error.vendorMessage ? error.vendorMessage : error.message;
}

const rejectedAgain = (error: VendorError) =>
  new VendorError(
    `Miro refused the OAuth token even after renewing it: "${vendorWords(error)}" (HTTP ${error.status}). The app may have been uninstalled from the team or the token revoked: select Create and Get OAuth Token again on the connection.`,
    error.status,
    error.vendorCode,
    false,
  );

function planProblem(name: string, plan: string): string {
  return `Organization "${name}" is on Miro's "${plan}" plan. Downloading subscriptions needs the Enterprise plan ("company"), the only plan with the organization APIs.`;
}

/** A REST refusal with Miro's words and what a person can do about it. */
function restFailure(error: unknown, what: string): Error {
  if (!(error instanceof VendorError) || error.status === null) return error instanceof Error ? error : new Error(String(error));
  const quoted = `"${vendorWords(error)}" (HTTP ${error.status})`;
  if (error.status === 403) {
    return new VendorError(
      `Miro refused to ${what}: ${quoted}. The token's user must be a Company Admin of the Enterprise organization and the app needs organizations:read; reconnect as a Company Admin with Create and Get OAuth Token.`,
      error.status,
      error.vendorCode,
    );
  }
  if (error.status === 404) {
    return new VendorError(
      `Miro answered ${quoted} when asked to ${what}. Check that the profile's organization is the one the token belongs to.`,
      error.status,
      error.vendorCode,
    );
  }
  if (error.status === 429) {
    return new VendorError(`Miro's rate limit was reached while trying to ${what}: ${quoted}. Try again in a minute.`, 429, error.vendorCode, true);
  }
  return error;
}

export function createMiroAdapter(options: MiroAdapterOptions = {}): MiroAdapter {
  const client = createMiroClient(options);
  const now = options.now ?? Date.now;

  const accessToken = (store: TokenStore, opts: AccessTokenOptions = {}) =>
    ensureAccessToken(store, (oauthClient, refreshToken) => refreshMiroTokens(client, oauthClient, refreshToken, now), opts, {
      vendorName: "Miro",
      now,
    });

  const withAccessToken = <T>(store: TokenStore, call: (token: string) => Promise<T>, isRejected?: (e: unknown) => boolean) =>
    withTokenRetry((opts) => accessToken(store, opts), call, { isRejected, rejectedAgain });

  const tokenContext = async (token: string): Promise<TokenContext> => tokenContextFromMiro(await client.getTokenContext(token));

  async function accessProblem(token: string, context: TokenContext): Promise<string | null> {
    if (!context.organizationId) return miroContextProblem(context);
    try {
      const org = await client.getOrganization(token, context.organizationId);
      return org.plan === "company" ? null : planProblem(org.name, org.plan);
    } catch (error) {
      // Only a refusal is the token's problem; an outage or a rate limit is for Validate Connection.
      if (error instanceof VendorError && (error.status === 401 || error.status === 403 || error.status === 404)) {
        return restFailure(error, `read organization ${context.organizationId}`).message;
      }
      return null;
    }
  }

  async function validateDownload(store: TokenStore, settings: MiroSettings): Promise<ProfileValidationCheck[]> {
    const checks: ProfileValidationCheck[] = [];
    let failed: string | undefined;

    /** Runs one check unless an earlier one failed; a thrown error's message is the check's message. */
    async function check<T>(key: string, label: string, run: () => Promise<{ message: string; value: T }>): Promise<T | undefined> {
      if (failed) {
        checks.push({ key, label, process: "download", ok: false, message: `Not run: ${failed} failed.`, durationMs: 0 });
        return undefined;
      }
      const started = performance.now();
      try {
        const { message, value } = await run();
        checks.push({ key, label, process: "download", ok: true, message, durationMs: Math.round(performance.now() - started) });
        return value;
      } catch (error) {
        failed = label;
        checks.push({ key, label, process: "download", ok: false, message: messageOf(error), durationMs: Math.round(performance.now() - started) });
        return undefined;
      }
    }

    await check("token", "OAuth token", async () => {
      const before = await store.load();
      const token = await accessToken(store);
      const renewed = token !== before.tokens.accessToken;
      const current = renewed ? (await store.load()).tokens : before.tokens;
      const expiry = current.accessTokenExpiresAt;
      // Relative, because this sentence is stored and shown to people in any time zone.
      const minutes = expiry ? Math.max(0, Math.round((expiry.getTime() - now()) / 60_000)) : 0;
      const validity = expiry ? `valid for another ${minutes} minute${minutes === 1 ? "" : "s"} and is refreshed automatically` : "a non-expiring token";
      return { message: renewed ? `Renewed the OAuth token; the new one is ${validity}.` : `The OAuth token is ${validity}.`, value: token };
    });

    const context = await check("token_context", "Token context", async () => {
      const ctx = await withAccessToken(store, tokenContext, isTokenInfoRejection);
      const problem = miroContextProblem(ctx);
      if (problem) throw new VendorError(problem, null, "token_context");
      if (settings.organizationId && settings.organizationId !== ctx.organizationId) {
        throw new VendorError(
          `This token belongs to organization "${ctx.organizationName}" (${ctx.organizationId}), but the profile downloads organization ${settings.organizationId}. Select Create and Get OAuth Token again and install the app on a team of that organization.`,
          null,
          "organization_mismatch",
        );
      }
      const team = ctx.teamName ? `, team "${ctx.teamName}"` : "";
      const user = ctx.userName ? `, user ${ctx.userName}` : "";
      return {
        message: `Organization "${ctx.organizationName}" (${ctx.organizationId})${team}${user}; scopes: ${ctx.scopes.join(", ")}.`,
        value: ctx,
      };
    });
    const orgId = settings.organizationId ?? context?.organizationId ?? "";

    await check("organization", "Organization", async () => {
      const org = await withAccessToken(store, (token) => client.getOrganization(token, orgId)).catch((error: unknown) => {
        throw restFailure(error, `read organization ${orgId}`);
      });
      const licenses = org.fullLicensesPurchased === undefined ? "" : `, ${org.fullLicensesPurchased} Full licenses purchased`;
      if (org.plan !== "company") {
        throw new VendorError(planProblem(org.name, org.plan), null, "plan");
      }
      return { message: `Organization "${org.name}", plan ${org.plan} (Enterprise)${licenses}.`, value: org };
    });

    await check("members_first_page", "Members (first page)", async () => {
      const page = await withAccessToken(store, (token) => client.listMembersPage(token, orgId, { limit: 1 })).catch((error: unknown) => {
        throw restFailure(error, `list the members of organization ${orgId}`);
      });
      const more = page.cursor ? "more pages follow" : "no more pages";
      const { remaining, limit } = page.rateLimit;
      const budget = remaining !== null && limit !== null ? ` Rate limit: ${remaining} of ${limit} credits left this minute.` : "";
      const count = `${page.data.length} member${page.data.length === 1 ? "" : "s"}`;
      return { message: `The members list answered with ${count} (${more}).${budget}`, value: page };
    });

    return checks;
  }

  async function validateReclaim(apiToken: string): Promise<ProfileValidationCheck> {
    const base = { key: "scim_users", label: "SCIM API token (reclaim, read-only)", process: "reclaim" as const };
    const started = performance.now();
    const done = (ok: boolean, message: string): ProfileValidationCheck => ({ ...base, ok, message, durationMs: Math.round(performance.now() - started) });
    if (!apiToken.trim()) return done(false, "No SCIM API token is stored on the Miro Enterprise SCIM connection: enter the token from Miro's admin console.");
    try {
      const total = await client.countUsers(apiToken);
      return done(true, `SCIM API token works: ${total} provisioned users.`);
    } catch (error) {
      if (!(error instanceof VendorError)) return done(false, messageOf(error));
      const quoted = `"${vendorWords(error)}" (HTTP ${error.status})`;
      if (error.status === 401) {
        return done(
          false,
          `The SCIM API token was refused: ${quoted}. Generate a new token in Miro's admin console (Enterprise integrations › SCIM provisioning) and enter it in the Miro Enterprise SCIM connection.`,
        );
      }
      if (error.status === 403) {
        return done(false, `Miro refused the SCIM request: ${quoted}. Turn on SCIM provisioning in Miro's admin console (Enterprise integrations); it needs SSO/SAML.`);
      }
      return done(false, error.message);
    }
  }

  return {
    id: MIRO_VENDOR_ID,
    displayName: PRODUCT,
    profileType: { ...MIRO_PROFILE_TYPE },
    vendorConfiguration: [
      { process: "Download subscriptions", role: "Company admin", scopes: "organizations:read" },
      { process: "Pull user activity", role: "Company admin", scopes: "organizations:read" },
      { process: "Reclaim subscription", role: "Company admin", scopes: "None (SCIM API token)" },
    ],
    aliases: {
      download: { id: "miro_spoke.Miro_Enterprise", name: "Miro Enterprise", kind: "oauth", connectionName: "Miro Enterprise" },
      reclaim: { id: "miro_spoke.Miro_Enterprise_SCIM", name: "Miro Enterprise SCIM", kind: "api_token", connectionName: "Miro Enterprise SCIM" },
    },
    subflows: { download: "Miro Download Subscriptions", reclaim: "Miro Reclaim Subscription" },
    settingsSchema: miroSettingsSchema,
    paidIdentifiers: (settings) => [...settings.paidIdentifiers],
    defaultExcludedIdentifiers: (settings) => [...settings.excludedByDefaultIdentifiers],
    modelName: (identifier) => {
      const edition = miroEdition(identifier);
      return { publisher: "Miro", product: PRODUCT, edition, name: `${PRODUCT} — ${edition}` };
    },
    oauth: {
      authorizeUrl: (input) => buildAuthorizeUrl(client.endpoints.authorizeBaseUrl, input),
      exchangeCode: (oauthClient, code) => exchangeMiroCode(client, oauthClient, code, now),
      tokenContext,
      contextProblem: miroContextProblem,
      accessProblem,
      accessToken,
    },
    validateDownload,
    validateReclaim,
    connectionKinds: { download: "oauth_authorization_code", reclaim: "api_token" },
    envSchema: miroEnvSchema,
    download: miroDownload(options),
    reclaim: miroReclaim(client, (store, call) => withAccessToken(store, call)),
    client,
    withAccessToken: (store, call) => withAccessToken(store, call),
  };
}

/** The adapter the registry uses: base URLs from the environment, read on first call. */
export const miroAdapter: MiroAdapter = createMiroAdapter();
