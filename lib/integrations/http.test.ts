import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest, parseJsonLossless, VendorHttpError } from "./http";
import { parseRateLimitReset, parseRetryAfter, readRateLimit, retryPolicy } from "./retry-policy";

describe("parseJsonLossless", () => {
  it("keeps integers above 2^53 exact, where JSON.parse rounds them", () => {
    const text = '{"team_id":3074457358607431473,"user_id":"3074457345821140934","expires_in":3599}';
    expect(String((JSON.parse(text) as { team_id: number }).team_id)).not.toBe("3074457358607431473");
    const parsed = parseJsonLossless(text) as Record<string, unknown>;
    expect(parsed.team_id).toBe(3074457358607431473n);
    expect(String(parsed.team_id)).toBe("3074457358607431473");
    expect(parsed.user_id).toBe("3074457345821140934");
    expect(parsed.expires_in).toBe(3599);
  });

  it("reads safe numbers, decimals, arrays and literals like JSON.parse", () => {
    const text = '{"a":[1,2.5,-3e2,null,true,false],"b":{"c":"x"},"d":9007199254740991}';
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
  });

  it("refuses malformed JSON", () => {
    expect(() => parseJsonLossless('{"a":')).toThrow(SyntaxError);
  });
});

describe("Retry-After and X-RateLimit-Reset", () => {
  const now = Date.parse("2026-05-01T10:00:00Z");

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
    expect(parseRetryAfter("Fri, 01 May 2026 10:00:45 GMT", now)).toBe(45_000);
    expect(parseRetryAfter("Fri, 01 May 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("", now)).toBeNull();
  });

  it("reads X-RateLimit-Reset as a UNIX epoch second, or as seconds to wait when small", () => {
    expect(parseRateLimitReset(String(now / 1000 + 42), now)).toBe(42_000);
    expect(parseRateLimitReset(String(now / 1000 - 5), now)).toBe(0);
    expect(parseRateLimitReset("20", now)).toBe(20_000);
    expect(parseRateLimitReset("x", now)).toBeNull();
    expect(parseRateLimitReset(undefined, now)).toBeNull();
  });

  it("reads the three rate-limit headers from Headers or a plain record", () => {
    const headers = new Headers({ "X-RateLimit-Limit": "100000", "X-RateLimit-Remaining": "99500", "X-RateLimit-Reset": "1777629660" });
    expect(readRateLimit(headers)).toEqual({ limit: 100000, remaining: 99500, resetSeconds: 1777629660 });
    expect(readRateLimit({ "x-ratelimit-remaining": "0" })).toEqual({ limit: null, remaining: 0, resetSeconds: null });
  });
});

describe("retryPolicy", () => {
  const now = Date.parse("2026-05-01T10:00:00Z");
  const noJitter = () => 0;
  const maxJitter = () => 0.999;

  it("does not retry a refusal (400, 401, 403, 404, 409)", () => {
    for (const status of [400, 401, 403, 404, 409]) {
      expect(retryPolicy({ status, attempt: 1, windowMs: 60_000, nowMs: now })).toEqual({ retry: false, reason: "not-retryable" });
    }
  });

  it("honours Retry-After first, plus up to a second of jitter", () => {
    const headers = { "retry-after": "7", "x-ratelimit-reset": String(now / 1000 + 50) };
    expect(retryPolicy({ status: 429, headers, attempt: 1, windowMs: 60_000, nowMs: now, random: noJitter })).toEqual({ retry: true, delayMs: 7000, basis: "retry-after" });
    const jittered = retryPolicy({ status: 429, headers, attempt: 1, windowMs: 60_000, nowMs: now, random: maxJitter });
    expect(jittered.retry && jittered.delayMs).toBeGreaterThan(7000);
    expect(jittered.retry && jittered.delayMs).toBeLessThan(8000);
    expect(retryPolicy({ status: 503, headers: { "Retry-After": "3" }, attempt: 1, windowMs: 30_000, nowMs: now, random: noJitter })).toMatchObject({ delayMs: 3000, basis: "retry-after" });
  });

  it("uses X-RateLimit-Reset for a 429 without Retry-After", () => {
    const headers = new Headers({ "x-ratelimit-reset": String(now / 1000 + 25) });
    expect(retryPolicy({ status: 429, headers, attempt: 2, windowMs: 60_000, nowMs: now, random: noJitter })).toEqual({ retry: true, delayMs: 25_000, basis: "rate-limit-reset" });
    // A reset already in the past (clock skew) still waits a second.
    const past = new Headers({ "x-ratelimit-reset": String(now / 1000 - 100) });
    expect(retryPolicy({ status: 429, headers: past, attempt: 1, windowMs: 60_000, nowMs: now, random: noJitter })).toMatchObject({ delayMs: 1000 });
  });

  it("falls back to about 60 s for REST and 30 s for SCIM, with up to 10 % jitter", () => {
    expect(retryPolicy({ status: 429, attempt: 1, windowMs: 60_000, nowMs: now, random: noJitter })).toEqual({ retry: true, delayMs: 60_000, basis: "rate-limit-default" });
    expect(retryPolicy({ status: 429, attempt: 1, windowMs: 30_000, nowMs: now, random: noJitter })).toEqual({ retry: true, delayMs: 30_000, basis: "rate-limit-default" });
    const rest = retryPolicy({ status: 429, attempt: 1, windowMs: 60_000, nowMs: now, random: maxJitter });
    expect(rest.retry && rest.delayMs).toBeGreaterThan(65_000);
    expect(rest.retry && rest.delayMs).toBeLessThan(66_000);
  });

  it("backs off exponentially on 5xx and transport failures, capped at the window, ignoring the rate-limit reset", () => {
    const headers = { "x-ratelimit-reset": String(now / 1000 + 50) };
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => {
      const d = retryPolicy({ status: 502, headers, attempt, windowMs: 30_000, nowMs: now, random: noJitter, maxAttempts: 10 });
      return d.retry ? d.delayMs : -1;
    });
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(retryPolicy({ status: null, attempt: 1, windowMs: 60_000, nowMs: now, random: noJitter })).toEqual({ retry: true, delayMs: 1000, basis: "backoff" });
  });

  it("stops after maxAttempts", () => {
    expect(retryPolicy({ status: 503, attempt: 5, windowMs: 60_000, nowMs: now })).toEqual({ retry: false, reason: "attempts-exhausted" });
    expect(retryPolicy({ status: 429, attempt: 2, windowMs: 60_000, nowMs: now, maxAttempts: 2 })).toEqual({ retry: false, reason: "attempts-exhausted" });
  });
});

describe("httpRequest", () => {
  let onSlowClosed: () => void = () => {};
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith("/slow")) {
        if (req.url.endsWith("?closing")) req.socket.once("close", () => onSlowClosed());
        setTimeout(() => res.end("{}"), 2000);
        return;
      }
      if (req.url === "/echo") {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString()));
        req.on("end", () => {
          res.writeHead(200, { "content-type": "application/json", "x-echo": "1" });
          res.end(JSON.stringify({ method: req.method, type: req.headers["content-type"], body }));
        });
        return;
      }
      if (req.url === "/stall") {
        // Headers and the start of a body, then nothing (until the test server closes).
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"data":[');
        return;
      }
      if (req.url === "/big-id") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"team_id":3074457358607431473}');
        return;
      }
      if (req.url === "/broken") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"data":[{"id":"1"');
        return;
      }
      if (req.url === "/html") {
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html><body>Bad gateway</body></html>");
        return;
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"status":404,"code":"notFound","message":"Nothing here","type":"error"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("parses a JSON body losslessly by default", async () => {
    const res = await httpRequest({ url: `${base}/big-id` });
    expect(res.status).toBe(200);
    expect((res.json as { team_id: bigint }).team_id).toBe(3074457358607431473n);
  });

  it("keeps the body of an error answer, JSON or not", async () => {
    const missing = await httpRequest({ url: `${base}/nope` });
    expect(missing).toMatchObject({ status: 404, ok: false, json: { message: "Nothing here" } });
    const html = await httpRequest({ url: `${base}/html` });
    expect(html.status).toBe(502);
    expect(html.json).toBeUndefined();
    expect(html.text).toContain("Bad gateway");
  });

  it("reports a truncated JSON body instead of throwing", async () => {
    const res = await httpRequest({ url: `${base}/broken` });
    expect(res.json).toBeUndefined();
    expect(res.jsonError).toBeTruthy();
  });

  it("gives up after the timeout with a retryable error that names the endpoint", async () => {
    const error = await httpRequest({ url: `${base}/slow?access_token=secret`, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorHttpError);
    expect(error).toMatchObject({ status: null, retryable: true, vendorCode: "timeout" });
    expect((error as Error).message).toBe(`GET ${base}/slow did not answer within 200 ms.`);
    expect((error as Error).message).not.toContain("secret");
  });

  it("gives up on a body that stops coming, within the same timeout", async () => {
    const started = performance.now();
    const error = await httpRequest({ url: `${base}/stall`, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "VendorHttpError", status: null, retryable: true, vendorCode: "timeout" });
    expect((error as Error).message).toBe(`GET ${base}/stall did not answer within 300 ms.`);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("closes the connection of a request given up on (undici's own timeouts), not leaving it open", async () => {
    const closed = new Promise<number>((resolve) => (onSlowClosed = () => resolve(performance.now())));
    const started = performance.now();
    const error = await httpRequest({ url: `${base}/slow?closing`, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ vendorCode: "timeout" });
    // The server answers after 2 s; the client closed its end well before.
    expect((await closed) - started).toBeLessThan(1500);
  });

  it("sends a form body with its content type, and any method", async () => {
    const res = await httpRequest({ url: `${base}/echo`, method: "post", body: new URLSearchParams({ grant_type: "refresh_token", a: "x y" }) });
    expect(res.json).toEqual({ method: "POST", type: "application/x-www-form-urlencoded;charset=UTF-8", body: "grant_type=refresh_token&a=x+y" });
    expect(res.headers.get("x-echo")).toBe("1");
  });

  it("turns a refused connection into a retryable network error", async () => {
    const error = await httpRequest({ url: "http://127.0.0.1:1/x", timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "VendorHttpError", status: null, retryable: true, vendorCode: "network_error" });
  });
});
