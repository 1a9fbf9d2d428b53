import { describe, expect, it } from "vitest";
import { buildAuthorizeUrl, miroContextProblem, MIRO_REFRESH_TOKEN_LIFETIME_MS, tokenSetFromResponse } from "./oauth";

describe("Miro authorize URL", () => {
  it("carries response_type, client_id, redirect_uri and state, and no scope", () => {
    const url = buildAuthorizeUrl("https://miro.com", {
      clientId: "3458764500000000001",
      redirectUri: "http://localhost:3000/api/integrations/miro/oauth/callback",
      state: "s t&ate",
    });
    expect(url).toBe(
      "https://miro.com/oauth/authorize?response_type=code&client_id=3458764500000000001&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fapi%2Fintegrations%2Fmiro%2Foauth%2Fcallback&state=s+t%26ate",
    );
    const parsed = new URL(url);
    expect(parsed.searchParams.get("state")).toBe("s t&ate");
    expect(parsed.searchParams.has("scope")).toBe(false);
    expect(parsed.searchParams.has("team_id")).toBe(false);
  });

  it("pre-selects a team with team_id, and accepts a base URL with a path or a trailing slash", () => {
    const url = new URL(buildAuthorizeUrl("http://127.0.0.1:4010/miro/", { clientId: "1", redirectUri: "https://x/cb", state: "s", teamId: "3458764510000000001" }));
    expect(url.pathname).toBe("/miro/oauth/authorize");
    expect(url.searchParams.get("team_id")).toBe("3458764510000000001");
  });
});

describe("token answer → TokenSet", () => {
  const now = Date.parse("2026-05-01T10:00:00Z");

  it("computes the expiry times and splits the scopes", () => {
    const tokens = tokenSetFromResponse(
      { access_token: "a", refresh_token: "r", expires_in: 3599, scope: "boards:read organizations:read", team_id: "1", user_id: "2" },
      now,
    );
    expect(tokens).toEqual({
      accessToken: "a",
      refreshToken: "r",
      accessTokenExpiresAt: new Date(now + 3_599_000),
      refreshTokenExpiresAt: new Date(now + MIRO_REFRESH_TOKEN_LIFETIME_MS),
      scopes: ["boards:read", "organizations:read"],
      teamId: "1",
      userId: "2",
    });
  });

  it("leaves a non-expiring token without expiry or refresh token", () => {
    expect(tokenSetFromResponse({ access_token: "a", scope: "" }, now)).toEqual({ accessToken: "a", scopes: [] });
  });
});

describe("miroContextProblem", () => {
  it("accepts an organization token with organizations:read", () => {
    expect(miroContextProblem({ organizationId: "1", scopes: ["organizations:read", "boards:read"] })).toBeNull();
  });

  it("explains a team outside an Enterprise organization", () => {
    expect(miroContextProblem({ teamName: "Side project", scopes: ["organizations:read"] })).toMatch(
      /^This token's team is not in a Miro Enterprise organization \(team "Side project"\)/,
    );
  });

  it("names the permission to tick and says to reinstall when organizations:read is missing", () => {
    const problem = miroContextProblem({ organizationId: "1", scopes: ["boards:read"] });
    expect(problem).toContain("organizations:read");
    expect(problem).toContain("app's settings");
    expect(problem).toContain("Reinstall");
    expect(problem).toContain("granted: boards:read");
  });
});
