/**
 * Authorization codes, access and refresh tokens (§1.4-§1.8). All lifetimes use the simulated clock.
 */
import { mintToken } from "./ids";
import type { AccessToken, App, AuthorizationCode } from "./model";
import type { SimState } from "./state";

/** "The code is single-use and expires 10 minutes after issue" (§1.4). */
export const CODE_TTL_MS = 10 * 60_000;
/** Access token: 1 hour; responses say expires_in 3599 as in Miro's examples (§1.5). */
export const ACCESS_TOKEN_TTL_MS = 3_600_000;
export const EXPIRES_IN_SECONDS = 3599;
/** Refresh token: 60 days (§1.5). */
export const REFRESH_TOKEN_TTL_MS = 60 * 86_400_000;

export function issueCode(
  state: SimState,
  input: { clientId: string; redirectUri: string; userId: string; teamId: string; scopes: string[] },
): AuthorizationCode {
  const code: AuthorizationCode = { ...input, code: mintToken(), expiresAt: state.clock.now() + CODE_TTL_MS, used: false };
  state.codes.set(code.code, code);
  return code;
}

/** Records the installation; with `reinstallRevokesTokens` a reinstall first ends earlier tokens. */
export function completeInstall(state: SimState, clientId: string, teamId: string, userId: string): void {
  const existing = state.installation(clientId, teamId);
  if (existing && state.options.behaviour.reinstallRevokesTokens) {
    for (const token of [...state.accessTokens.values()]) {
      if (token.clientId === clientId && token.teamId === teamId) state.revokeAccessToken(token.token);
    }
  }
  state.recordInstallation(clientId, teamId, userId);
}

export function issueTokens(state: SimState, app: App, userId: string, teamId: string, scopes: string[], createdBy = userId): AccessToken {
  const now = state.clock.now();
  const token: AccessToken = {
    token: mintToken(),
    clientId: app.clientId,
    userId,
    createdBy,
    teamId,
    scopes,
    createdAt: now,
    expiresAt: app.expiringTokens ? now + ACCESS_TOKEN_TTL_MS : null,
  };
  if (app.expiringTokens) {
    const refresh = mintToken();
    token.refreshToken = refresh;
    state.refreshTokens.set(refresh, { token: refresh, accessToken: token.token, clientId: app.clientId, expiresAt: now + REFRESH_TOKEN_TTL_MS });
  }
  state.accessTokens.set(token.token, token);
  return token;
}

/** The live record for a token string, or undefined when unknown, revoked or expired. */
export function resolveAccessToken(state: SimState, token: string | undefined | null): AccessToken | undefined {
  if (!token) return undefined;
  const record = state.accessTokens.get(token);
  if (!record) return undefined;
  if (record.expiresAt !== null && record.expiresAt <= state.clock.now()) return undefined;
  return record;
}

/**
 * Token response text, written by hand so that `user_id` / `team_id` can be bare JSON numbers
 * larger than 2^53 when `numericIdsInTokenResponse` is on (§1.5 caveat). Field order follows the
 * example Miro's getting-started guide prints.
 */
export function tokenResponseText(state: SimState, token: AccessToken): string {
  const id = (value: string) => (state.options.behaviour.numericIdsInTokenResponse ? value : JSON.stringify(value));
  const parts = [`"user_id":${id(token.userId)}`];
  if (token.refreshToken) parts.push(`"refresh_token":${JSON.stringify(token.refreshToken)}`);
  parts.push(`"access_token":${JSON.stringify(token.token)}`);
  if (token.expiresAt !== null) parts.push(`"expires_in":${EXPIRES_IN_SECONDS}`);
  parts.push(`"team_id":${id(token.teamId)}`, `"scope":${JSON.stringify(token.scopes.join(" "))}`, `"token_type":"bearer"`);
  return `{${parts.join(",")}}`;
}
