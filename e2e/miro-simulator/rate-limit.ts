/**
 * Fixed-window counters (§4.2, §4.3). A window opens at the first request for its key and lasts
 * `windowMs` of simulated time; simulated time follows real time, so windows also roll over in a
 * real-time benchmark, and advancing the clock ends them early.
 */

export interface WindowState {
  key: string;
  start: number;
  used: number;
  limit: number;
  windowMs: number;
}

export interface ConsumeResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Window end, epoch ms. */
  resetAt: number;
}

export class FixedWindowCounter {
  private readonly windows = new Map<string, WindowState>();

  /** Deducts `cost` if at least `cost` is left; a refused request deducts nothing. */
  consume(key: string, cost: number, limit: number, windowMs: number, now: number): ConsumeResult {
    let window = this.windows.get(key);
    if (!window || now >= window.start + window.windowMs) {
      window = { key, start: now, used: 0, limit, windowMs };
      this.windows.set(key, window);
    }
    // Budgets can change at run time (POST /__sim/config); the current value applies at once.
    window.limit = limit;
    window.windowMs = windowMs;
    const resetAt = window.start + window.windowMs;
    if (window.limit - window.used < cost) {
      return { allowed: false, limit, remaining: Math.max(0, limit - window.used), resetAt };
    }
    window.used += cost;
    return { allowed: true, limit, remaining: limit - window.used, resetAt };
  }

  snapshot(now: number): Array<WindowState & { remaining: number; resetAt: string; expired: boolean }> {
    return [...this.windows.values()].map((w) => ({
      ...w,
      remaining: Math.max(0, w.limit - w.used),
      resetAt: new Date(w.start + w.windowMs).toISOString(),
      expired: now >= w.start + w.windowMs,
    }));
  }

  clear(): void {
    this.windows.clear();
  }
}

/** Headers Miro documents for REST responses; Reset is the window end in UNIX epoch seconds (§4.1). */
export function rateLimitHeaders(result: ConsumeResult): Record<string, string> {
  return {
    "x-ratelimit-limit": String(result.limit),
    "x-ratelimit-remaining": String(result.remaining),
    "x-ratelimit-reset": String(Math.ceil(result.resetAt / 1000)),
  };
}

export function retryAfterSeconds(result: ConsumeResult, now: number): string {
  return String(Math.max(1, Math.ceil((result.resetAt - now) / 1000)));
}
