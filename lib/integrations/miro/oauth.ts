import "server-only";
import { VendorHttpError } from "../http";
import { VendorError, type OAuthClient, type TokenContext, type TokenSet } from "../types";
import type { MiroTokenContext, MiroTokenResponse } from "./api-types";
import type { MiroClient } from "./client";

/*
 * Miro's OAuth 2.0 authorization-code flow (miro-api.md §1): the consent URL, the code exchange and
 * the refresh on `POST /v1/oauth/token`, and the token context of `GET /v1/oauth-token`.
 */

/** The one scope downloading needs (product.md §3, Vendor configuration). */
export const MIRO_REQUIRED_SCOPE = "organizations:read";
/** Miro documents 60 days for a refresh token and sends no expiry for it (§1.5). */
export const MIRO_REFRESH_TOKEN_LIFETIME_MS = 60 * 86_400_000;

/**
 * `GET {authorizeBase}/oauth/authorize?response_type=code&client_id&redirect_uri&state[&team_id]`.
 * No `scope` parameter: Miro takes the scopes from the app's settings (§1.1).
 */
export function buildAuthorizeUrl(
  authorizeBaseUrl: string,
  input: { clientId: string; redirectUri: string; state: string; teamId?: string },
): string {
  const url = new URL(`${authorizeBaseUrl.replace(/\/+$/, "")}/oauth/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  if (input.teamId) url.searchParams.set("team_id", input.teamId);
  return url.toString();
}

/** A token answer as OpenSAM keeps it: expiry times computed from `expires_in`, ids as strings. */
export function tokenSetFromResponse(response: MiroTokenResponse, nowMs: number): TokenSet {
  const tokens: TokenSet = {
    accessToken: response.access_token,
    scopes: response.scope.split(/[\s,]+/).filter(Boolean),
  };
  if (response.refresh_token) {
    tokens.refreshToken = response.refresh_token;
    tokens.refreshTokenExpiresAt = new Date(nowMs + MIRO_REFRESH_TOKEN_LIFETIME_MS);
  }
  if (response.expires_in !== undefined) tokens.accessTokenExpiresAt = new Date(nowMs + response.expires_in * 1000);
  if (response.user_id !== undefined) tokens.userId = response.user_id;
  if (response.team_id !== undefined) tokens.teamId = response.team_id;
  return tokens;
}

function words(error: VendorError): string {
  return error instanceof VendorHttpError && error.vendorMessage ? error.vendorMessage : error.message;
}

/** Exchanges the code from the redirect for tokens; a refusal carries Miro's words and what to check. */
export async function exchangeMiroCode(api: MiroClient, client: OAuthClient, code: string, nowMs: () => number): Promise<TokenSet> {
  try {
    const response = await api.requestToken({
      grant_type: "authorization_code",
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code,
      redirect_uri: client.redirectUri,
    });
    return tokenSetFromResponse(response, nowMs());
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    if (error.status !== null && error.status >= 400 && error.status < 500) {
      throw new VendorError(
        `Miro refused the authorization code: "${words(error)}" (HTTP ${error.status}). Check the OAuth Client ID, OAuth Client Secret and OAuth Redirect URL against the app's settings in Miro, then select Create and Get OAuth Token again.`,
        error.status,
        error.vendorCode,
        false,
      );
    }
    throw new VendorError(
      `Miro could not exchange the authorization code: ${error.message} Select Create and Get OAuth Token again in a few minutes.`,
      error.status,
      error.vendorCode,
      error.retryable,
    );
  }
}

/** `grant_type=refresh_token`. Miro rotates both tokens: the old pair stops working at once (§1.6). */
export async function refreshMiroTokens(api: MiroClient, client: OAuthClient, refreshToken: string, nowMs: () => number): Promise<TokenSet> {
  const response = await api.requestToken({
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  return tokenSetFromResponse(response, nowMs());
}

export function tokenContextFromMiro(context: MiroTokenContext): TokenContext {
  const out: TokenContext = { scopes: context.scopes };
  if (context.organization) {
    out.organizationId = context.organization.id;
    out.organizationName = context.organization.name;
  }
  if (context.team) {
    out.teamId = context.team.id;
    out.teamName = context.team.name;
  }
  if (context.user) {
    out.userId = context.user.id;
    out.userName = context.user.name;
  }
  if (context.createdBy) out.extra = { createdById: context.createdBy.id, createdByName: context.createdBy.name };
  return out;
}

/**
 * `GET /v1/oauth-token` answers 400 "Invalid token provided" for a bad token (§1.7; 401 is the
 * other reading): both mean the token is not accepted.
 */
export function isTokenInfoRejection(error: unknown): boolean {
  return error instanceof VendorError && (error.status === 400 || error.status === 401);
}

/** Whether a token can download subscriptions; the sentence to show when it cannot. */
export function miroContextProblem(context: TokenContext): string | null {
  if (!context.organizationId) {
    const team = context.teamName ? ` (team "${context.teamName}")` : "";
    return `This token's team is not in a Miro Enterprise organization${team}: Miro reports no organization for it. Select Create and Get OAuth Token again and install the app on a team of your Enterprise organization.`;
  }
  if (!context.scopes.includes(MIRO_REQUIRED_SCOPE)) {
    const granted = context.scopes.length ? context.scopes.join(", ") : "none";
    return `The token lacks the ${MIRO_REQUIRED_SCOPE} permission (granted: ${granted}). In Miro, open the app's settings, tick ${MIRO_REQUIRED_SCOPE} under Permissions, then select Create and Get OAuth Token again and choose Reinstall.`;
  }
  return null;
}
