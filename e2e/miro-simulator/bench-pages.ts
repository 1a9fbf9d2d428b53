/**
 * Benchmark: a 100,000-member simulator (rate limit off) serving all 1000 pages of org members
 * over real HTTP with keep-alive, one request at a time, as a sync job would.
 *   npx tsx e2e/miro-simulator/bench-pages.ts [--members 100000] [--limit 100]
 * Prints total seconds, client and server ms per page (p50/p95/max), and RSS/heap after generation.
 */
import { Agent, request } from "node:http";
import { startMiroSimulator } from "./server";

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function get(agent: Agent, url: URL, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}`, accept: "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const members = arg("members", 100_000);
  const limit = arg("limit", 100);
  const baseline = process.memoryUsage();
  const t0 = performance.now();
  const sim = await startMiroSimulator({ members, seed: 1, rateLimit: false });
  const generationMs = performance.now() - t0;
  (globalThis as { gc?: () => void }).gc?.();
  const afterGeneration = process.memoryUsage();

  const token = (await (await fetch(`${sim.url}/__sim/tokens`, { method: "POST", body: "{}" })).json()) as { access_token: string };
  await fetch(`${sim.url}/__sim/requests`, { method: "DELETE" });

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timings: number[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  const started = performance.now();
  for (;;) {
    const url = new URL(`${sim.url}/v2/orgs/${sim.state.org.id}/members`);
    url.searchParams.set("limit", String(limit));
    if (cursor) url.searchParams.set("cursor", cursor);
    const t = performance.now();
    const res = await get(agent, url, token.access_token);
    const page = JSON.parse(res.body) as { data: { id: string }[]; cursor?: string };
    timings.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body}`);
    for (const m of page.data) seen.add(m.id);
    cursor = page.cursor;
    if (!cursor || page.data.length === 0) break;
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const serverMs = ((await (await fetch(`${sim.url}/__sim/requests?path=/v2/orgs`)).json()) as { durationMs: number }[]).map((e) => e.durationMs).sort((a, b) => a - b);
  const afterRun = process.memoryUsage();
  agent.destroy();
  await sim.close();

  const sorted = [...timings].sort((a, b) => a - b);
  console.log(`members:            ${members} (${seen.size} unique ids fetched${seen.size === members ? "" : " - MISMATCH"})`);
  console.log(`generation:         ${generationMs.toFixed(0)} ms`);
  console.log(`pages:              ${timings.length} at limit ${limit}`);
  console.log(`total:              ${totalSeconds.toFixed(2)} s`);
  console.log(`client ms/page:     p50 ${percentile(sorted, 50).toFixed(2)}  p95 ${percentile(sorted, 95).toFixed(2)}  max ${(sorted[sorted.length - 1] ?? 0).toFixed(2)}`);
  console.log(`server ms/page:     p50 ${percentile(serverMs, 50).toFixed(3)}  p95 ${percentile(serverMs, 95).toFixed(3)}  max ${(serverMs[serverMs.length - 1] ?? 0).toFixed(3)}`);
  console.log(`memory baseline:    rss ${mb(baseline.rss)}, heapUsed ${mb(baseline.heapUsed)}`);
  console.log(`after generation:   rss ${mb(afterGeneration.rss)}, heapUsed ${mb(afterGeneration.heapUsed)}${(globalThis as { gc?: unknown }).gc ? " (after gc)" : ""}`);
  console.log(`after the run:      rss ${mb(afterRun.rss)}, heapUsed ${mb(afterRun.heapUsed)}`);
  if (seen.size !== members) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
