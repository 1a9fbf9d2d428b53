import "server-only";
import { RateLimiterMemory, RateLimiterQueue } from "rate-limiter-flexible";
import { VendorError } from "../../integrations/types";
import { VendorHttpError } from "../../integrations/http";
import { retryPolicy } from "../../integrations/retry-policy";

/*
 * Paces a vendor's calls to its documented budgets, per profile and kind of call (one organization,
 * one token), so that a Reclaim All of hundreds runs at the vendor's pace instead of into a run of
 * 429s. Calls wait in line; our window is a little longer than the vendor's, whose window opens
 * when our first call arrives. Per process: a second worker process shares the budget, and the 429
 * retries below cover it.
 */
export type Budget = { requests: number; windowMs: number };
const safetyMs = (windowMs: number) => Math.max(50, Math.round(windowMs * 0.01));
const queues = new Map<string, { budget: Budget; queue: RateLimiterQueue }>();

/** Benchmarks shorten every window by the same factor as the simulator's (0.1: Miro's 30 s become 3 s). */
let timeScale = 1;
export function setPacerTimeScale(scale: number): void {
  timeScale = scale;
  queues.clear();
}

function scaled(budget: Budget): Budget {
  return { requests: budget.requests, windowMs: Math.round(budget.windowMs * timeScale) };
}

async function pace(key: string, budget: Budget | undefined): Promise<void> {
  if (!budget) return;
  const b = scaled(budget);
  let entry = queues.get(key);
  if (!entry || entry.budget.requests !== b.requests || entry.budget.windowMs !== b.windowMs) {
    const limiter = new RateLimiterMemory({ points: b.requests, duration: (b.windowMs + safetyMs(b.windowMs)) / 1000 });
    entry = { budget: b, queue: new RateLimiterQueue(limiter) };
    queues.set(key, entry);
  }
  await entry.queue.removeTokens(1, key);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/**
 * One vendor call, paced to its budget; a 429 or a passing outage is retried in place (Retry-After,
 * the rate-limit reset, or the window), up to three tries, before the error goes to the caller.
 */
export async function vendorCall<T>(key: string, budget: Budget | undefined, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await pace(key, budget);
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof VendorError) || !error.retryable) throw error;
      const decision = retryPolicy({
        status: error.status,
        headers: error instanceof VendorHttpError ? error.headers : undefined,
        attempt,
        windowMs: scaled(budget ?? { requests: 1, windowMs: 30_000 }).windowMs,
        nowMs: Date.now(),
        maxAttempts: 3,
      });
      if (!decision.retry) throw error;
      await sleep(Math.min(decision.delayMs, 120_000), signal);
    }
  }
}
