import { describe, expect, it } from "vitest";
import { VendorHttpError } from "../../integrations/http";
import { VendorError } from "../../integrations/types";
import { DownloadError } from "./download-error";
import { PageFetcher, type Clock, type TokenSource } from "./fetch-page";

const T0 = 1_800_000_000_000;
const noLimits = { limit: null, remaining: null, resetSeconds: null };

/** What the vendor's adapter gives the fetcher (here Miro's figures and 403 advice, written out). */
const VENDOR = {
  rateLimit: { requestCost: 500, windowMs: 60_000 },
  forbiddenHint: "The token's user must be a Company Admin of the Enterprise organization and the app needs organizations:read.",
};

function fakeClock() {
  let now = T0;
  const waits: number[] = [];
  const clock: Clock = {
    now: () => now,
    random: () => 0,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
  return { clock, waits };
}

function tokens(): TokenSource & { renewals: string[] } {
  let n = 1;
  const renewals: string[] = [];
  return {
    renewals,
    current: async () => `token-${n}`,
    renew: async (rejected) => {
      renewals.push(rejected);
      n += 1;
      return `token-${n}`;
    },
  };
}

const httpError = (status: number, headers: Record<string, string> = {}, extra: { vendorCode?: string; retryable?: boolean; message?: string } = {}) =>
  new VendorHttpError(extra.message ?? `Miro answered with HTTP ${status}.`, {
    status,
    retryable: extra.retryable ?? (status === 429 || status >= 500),
    vendorCode: extra.vendorCode,
    request: { method: "GET", url: "https://api.miro.com/v2/orgs/1/members" },
    headers: new Headers(headers),
    vendorMessage: extra.message,
  });

function fetcher(clock: Clock, source: TokenSource = tokens()) {
  return new PageFetcher({ clock, tokens: source, vendorName: "Miro", aliasId: "miro_spoke.Miro_Enterprise", subject: "the members of Miro organization 1", ...VENDOR });
}

/** A call that fails with the given errors in turn, then answers. */
function script(...failures: Error[]) {
  const seen: string[] = [];
  const call = async (token: string) => {
    seen.push(token);
    const failure = failures.shift();
    if (failure) throw failure;
    return { data: [1, 2, 3], rateLimit: noLimits };
  };
  return { call, seen };
}

describe("PageFetcher", () => {
  it("retries 5xx with exponential backoff and counts the retries", async () => {
    const { clock, waits } = fakeClock();
    const f = fetcher(clock);
    const { call } = script(httpError(500), httpError(503));
    await expect(f.fetch(1, call)).resolves.toMatchObject({ data: [1, 2, 3] });
    expect(waits).toEqual([1000, 2000]);
    expect(f.stats).toMatchObject({ httpRetries: 2, rateLimited: 0, backoffMs: 3000 });
  });

  it("gives up after 5 attempts with the sentence", async () => {
    const { clock } = fakeClock();
    const { call } = script(...Array.from({ length: 5 }, () => httpError(500)));
    const error = await fetcher(clock).fetch(7, call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toBe("Miro kept answering 500 on page 7 after 5 attempts; nothing was removed. The next run will retry.");
  });

  it("waits out a 429 by Retry-After, else X-RateLimit-Reset, else about 60 s", async () => {
    const { clock, waits } = fakeClock();
    const f = fetcher(clock);
    const { call } = script(
      httpError(429, { "retry-after": "3" }),
      httpError(429, { "x-ratelimit-reset": String(Math.ceil(T0 / 1000) + 20) }),
      httpError(429),
    );
    await f.fetch(1, call);
    expect(waits[0]).toBe(3000);
    expect(waits[1]).toBeGreaterThanOrEqual(16_000);
    expect(waits[1]).toBeLessThanOrEqual(20_000);
    expect(waits[2]).toBe(60_000);
    expect(f.stats).toMatchObject({ httpRetries: 3, rateLimited: 3 });
  });

  it("retries an unreadable answer like a transport failure", async () => {
    const { clock, waits } = fakeClock();
    const f = fetcher(clock);
    const { call } = script(httpError(200, {}, { vendorCode: "invalid_response", retryable: true }));
    await f.fetch(1, call);
    expect(waits).toEqual([1000]);
  });

  it("does not retry an answer in the wrong shape", async () => {
    const { clock } = fakeClock();
    const { call } = script(httpError(200, {}, { vendorCode: "invalid_response", retryable: false, message: "Miro's answer is not in the documented shape (data.0.email: required)." }));
    const error = (await fetcher(clock).fetch(2, call).catch((e: unknown) => e)) as DownloadError;
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^Miro's answer for page 2 is not a members page as documented/);
  });

  it("renews a refused token once and retries at once; a second refusal fails the run", async () => {
    const { clock, waits } = fakeClock();
    const source = tokens();
    const f = fetcher(clock, source);
    const ok = script(httpError(401));
    await f.fetch(1, ok.call);
    expect(ok.seen).toEqual(["token-1", "token-2"]);
    expect(source.renewals).toEqual(["token-1"]);
    expect(waits).toEqual([]);

    const bad = script(httpError(401), httpError(401));
    const error = (await fetcher(clock, tokens()).fetch(3, bad.call).catch((e: unknown) => e)) as DownloadError;
    expect(error.message).toBe("Miro refused the OAuth token (HTTP 401) even after a refresh: run Create and Get OAuth Token again on miro_spoke.Miro_Enterprise. Nothing was removed.");
    expect(error.retryable).toBe(false);
  });

  it("says what to do on 403 and 404, without retrying", async () => {
    const { clock } = fakeClock();
    const forbidden = (await fetcher(clock).fetch(1, script(httpError(403, {}, { message: "You can only use this endpoint if you have the role of a Company Admin" })).call).catch((e: unknown) => e)) as Error;
    expect(forbidden.message).toContain('(HTTP 403: "You can only use this endpoint if you have the role of a Company Admin")');
    expect(forbidden.message).toContain("Company Admin");
    const missing = (await fetcher(clock).fetch(1, script(httpError(404)).call).catch((e: unknown) => e)) as Error;
    expect(missing.message).toMatch(/does not know the members of Miro organization 1 \(HTTP 404/);
  });

  it("passes a token that cannot be renewed on as the vendor's sentence", async () => {
    const { clock } = fakeClock();
    const source: TokenSource = {
      current: async () => "t",
      renew: async () => {
        throw new VendorError('Miro refused to renew the OAuth token: "Invalid refresh token". Run Create and Get OAuth Token again on the connection to reconnect.', 401);
      },
    };
    const error = (await fetcher(clock, source).fetch(1, script(httpError(401)).call).catch((e: unknown) => e)) as DownloadError;
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(/Invalid refresh token.*reconnect\. Nothing was removed\.$/);
  });

  it("paces the next request from the last answer's headers", async () => {
    const { clock, waits } = fakeClock();
    const f = fetcher(clock);
    const resetSeconds = Math.ceil((T0 + 10_000) / 1000);
    const call = async () => ({ data: [], rateLimit: { limit: 10_000, remaining: 5_000, resetSeconds } });
    await f.fetch(1, call);
    await f.fetch(2, call);
    // 10 requests left in 10 s: one a second.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(900);
    expect(waits[0]).toBeLessThanOrEqual(1000);
    expect(f.stats.pacedMs).toBe(waits[0]);
  });

  it("stops at once when the signal aborts", async () => {
    const { clock } = fakeClock();
    const controller = new AbortController();
    const reason = new Error("stopped");
    controller.abort(reason);
    const f = new PageFetcher({ clock, tokens: tokens(), signal: controller.signal, vendorName: "Miro", aliasId: "a.b", subject: "x", ...VENDOR });
    await expect(f.fetch(1, script().call)).rejects.toBe(reason);
  });
});
