import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";

/**
 * Every kind of page answers with the security headers: a Content-Security-Policy whose scripts need
 * this request's nonce (never 'unsafe-inline'), framing refused, no referrer, no sniffing; API routes
 * carry the plain headers. And the pages still work under that policy (no script blocked).
 */
const PAGES = ["/sign-in", "/", "/removal-candidates", "/reclamation-rules", "/license-usage", `/respond/${"x".repeat(43)}`];

function scriptSrc(csp: string): string {
  return csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
}

test("pages: a nonce CSP without unsafe-inline scripts, frame-ancestors none, and the plain headers", async ({ page }) => {
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) blocked.push(m.text());
  });
  await signIn(page, DEMO.user);
  for (const path of PAGES) {
    const res = await page.goto(path);
    const h = res!.headers();
    const csp = h["content-security-policy"] ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(scriptSrc(csp), path).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc(csp), path).not.toContain("'unsafe-inline'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("no-referrer");
    expect(h["x-frame-options"], path).toBe("DENY");
    // Next's own scripts carry this request's nonce.
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const scripts = await page.locator("script[nonce]").count();
    expect(scripts, path).toBeGreaterThan(0);
    expect(await page.locator("script").evaluateAll((els, n) => els.filter((e) => e.nonce && e.nonce !== n).length, nonce), path).toBe(0);
  }
  expect(blocked).toEqual([]);
});

test("API routes carry the plain headers", async ({ request }) => {
  const res = await request.get("/api/ping");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["referrer-policy"]).toBe("no-referrer");
});
