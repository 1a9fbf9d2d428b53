import { RateLimiterMemory, RateLimiterQueue } from "rate-limiter-flexible";

/*
 * Paces a vendor's write calls to its documented budget, per profile (one organization, one token),
 * so that a Reclaim All of hundreds runs at the vendor's pace instead of into a run of 429s. Calls
 * wait in line; the window is a little longer than the vendor's so that our window never rolls over
 * before theirs. Per process: a second worker process shares the budget and relies on 429 retries.
 */
type Budget = { requests: number; windowMs: number };
const SAFETY_MS = 500;
const queues = new Map<string, { budget: Budget; queue: RateLimiterQueue }>();

/** Test and benchmark hook: a shortened window (as the simulator's) applies to the next calls. */
let windowOverrideMs: number | undefined;
export function setPacerWindowOverride(ms: number | undefined): void {
  windowOverrideMs = ms;
  queues.clear();
}

export async function paceVendorCall(key: string, budget: Budget | undefined): Promise<void> {
  if (!budget) return;
  const windowMs = windowOverrideMs ?? budget.windowMs;
  let entry = queues.get(key);
  if (!entry || entry.budget.requests !== budget.requests || entry.budget.windowMs !== windowMs) {
    const limiter = new RateLimiterMemory({ points: budget.requests, duration: (windowMs + SAFETY_MS) / 1000 });
    entry = { budget: { requests: budget.requests, windowMs }, queue: new RateLimiterQueue(limiter) };
    queues.set(key, entry);
  }
  await entry.queue.removeTokens(1, key);
}
