/** Liveness for Playwright's webServer and load balancers: answers once the server is up. */
export function GET() {
  return new Response("pong", { headers: { "content-type": "text/plain" } });
}
